import type { Migration } from '@policy-ledger/event-store';

/**
 * Dead letters: events a projection gave up on (after retries), or parked behind one of its
 * stream's dead letters so that a replay keeps the stream's order. Their positions count as
 * applied, so the checkpoint moves on; `replayed_at` is set once a replay applied them.
 * The checkpoint row also says whether the projection is failing now, and since when.
 */
export const deadLettersMigration: Migration = {
  name: '0003-projection-dead-letters',
  up: `
    CREATE TABLE projection_dead_letters (
      projection  text NOT NULL,
      position    bigint NOT NULL,
      stream_id   text NOT NULL,
      version     integer NOT NULL,
      event_type  text NOT NULL,
      reason      text NOT NULL,
      attempts    integer NOT NULL,
      parked_behind bigint,
      failed_at   timestamptz NOT NULL,
      replayed_at timestamptz,
      PRIMARY KEY (projection, position)
    );
    CREATE INDEX projection_dead_letters_pending ON projection_dead_letters (projection, stream_id) WHERE replayed_at IS NULL;

    ALTER TABLE projection_checkpoints
      ADD COLUMN failure          text,
      ADD COLUMN failure_position bigint,
      ADD COLUMN failing_since    timestamptz;
  `,
  down: `
    ALTER TABLE projection_checkpoints DROP COLUMN failure, DROP COLUMN failure_position, DROP COLUMN failing_since;
    DROP TABLE projection_dead_letters;
  `,
};
