import type { Migration } from '@policy-ledger/event-store';

/**
 * What each projection has applied, by stream: the version of the stream it has reached. A stream's
 * events reach a projection in order (one Kafka partition per stream), so this says exactly which
 * events are applied, and a redelivered one (at or below it) is skipped. Partitions touch disjoint
 * streams, so they apply in parallel without a shared row; the checkpoint (every position up to it
 * applied) is derived from these versions, not written by every apply.
 * It replaces projection_applied, which held applied positions beyond the checkpoint; existing
 * progress is carried over: every stream's version up to the checkpoint, and those applied beyond it.
 */
export const projectionStreamsMigration: Migration = {
  name: '0007-projection-streams',
  up: `
    CREATE TABLE projection_streams (
      projection text NOT NULL,
      stream_id  text NOT NULL,
      version    integer NOT NULL,
      PRIMARY KEY (projection, stream_id)
    );
    INSERT INTO projection_streams (projection, stream_id, version)
    SELECT projection, stream_id, max(version) FROM (
      SELECT c.projection, e.stream_id, e.version FROM projection_checkpoints c JOIN events e ON e.position <= c.position
      UNION ALL
      SELECT projection, stream_id, version FROM projection_applied
    ) applied
    GROUP BY projection, stream_id;
    DROP TABLE projection_applied;
  `,
  down: `
    CREATE TABLE projection_applied (
      projection text NOT NULL,
      position   bigint NOT NULL,
      stream_id  text NOT NULL,
      version    integer NOT NULL,
      PRIMARY KEY (projection, position)
    );
    DROP TABLE projection_streams;
  `,
};
