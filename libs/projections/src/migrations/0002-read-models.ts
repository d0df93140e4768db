import type { Migration } from '@policy-ledger/event-store';

export const readModelsMigration: Migration = {
  name: '0002-read-models',
  up: `
    -- How far each projection has come: every position up to 'position' is applied. Positions
    -- applied beyond it (Kafka delivers different streams in any order) wait in projection_applied.
    CREATE TABLE projection_checkpoints (
      projection text PRIMARY KEY,
      position   bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE projection_applied (
      projection text NOT NULL,
      position   bigint NOT NULL,
      stream_id  text NOT NULL,
      version    integer NOT NULL,
      PRIMARY KEY (projection, position)
    );

    CREATE TABLE rm_shipments (
      id        text PRIMARY KEY,
      supplier  text NOT NULL,
      recipient text NOT NULL,
      doc       jsonb NOT NULL
    );
    CREATE INDEX rm_shipments_corridor ON rm_shipments (supplier, recipient);

    CREATE TABLE rm_aid_requests (
      id  text PRIMARY KEY,
      doc jsonb NOT NULL
    );
    CREATE TABLE rm_packages (
      id              text PRIMARY KEY,
      aid_request_ids text[] NOT NULL DEFAULT '{}',
      doc             jsonb NOT NULL
    );
    CREATE INDEX rm_packages_aid_requests ON rm_packages USING gin (aid_request_ids);
  `,
  down: `DROP TABLE rm_packages, rm_aid_requests, rm_shipments, projection_applied, projection_checkpoints;`,
};
