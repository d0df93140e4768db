import type { Migration } from '@policy-ledger/event-store';

/** How far a running rebuild has come, for GET /projections (null when none runs). */
export const rebuildsMigration: Migration = {
  name: '0005-projection-rebuilds',
  up: `
    ALTER TABLE projection_checkpoints
      ADD COLUMN rebuild_started_at timestamptz,
      ADD COLUMN rebuild_position   bigint,
      ADD COLUMN rebuild_target     bigint,
      ADD COLUMN rebuild_rate       float8;
  `,
  down: `ALTER TABLE projection_checkpoints DROP COLUMN rebuild_started_at, DROP COLUMN rebuild_position, DROP COLUMN rebuild_target, DROP COLUMN rebuild_rate;`,
};
