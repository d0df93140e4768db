import type { Migration } from '../migrator';

/**
 * The event store. Appends take a row lock on `ledger_sequence` as their last step and hold it
 * until commit, so global positions are gapless and in commit order: a reader of
 * `position > last` can never skip an event that commits late (DESIGN.md, pitfalls).
 */
export const eventStoreMigration: Migration = {
  name: '0001-event-store',
  up: `
    CREATE TABLE streams (
      stream_id   text PRIMARY KEY,
      stream_type text NOT NULL,
      version     integer NOT NULL CHECK (version > 0),
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE ledger_sequence (
      singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      last_position    bigint NOT NULL,
      last_recorded_at timestamptz NOT NULL
    );
    INSERT INTO ledger_sequence VALUES (true, 0, '-infinity');

    CREATE TABLE events (
      position           bigint PRIMARY KEY,
      event_id           uuid NOT NULL UNIQUE,
      stream_id          text NOT NULL REFERENCES streams (stream_id),
      stream_type        text NOT NULL,
      version            integer NOT NULL,
      type               text NOT NULL,
      schema_version     integer NOT NULL,
      data               jsonb NOT NULL,
      metadata           jsonb NOT NULL,
      occurred_from      date,
      occurred_to        date,
      occurred_precision text,
      reported_at        date,
      recorded_at        timestamptz NOT NULL,
      UNIQUE (stream_id, version)
    );
    CREATE INDEX events_type_position ON events (type, position);
    CREATE INDEX events_recorded_at ON events (recorded_at);

    CREATE TABLE outbox (
      position     bigint PRIMARY KEY REFERENCES events (position),
      published_at timestamptz
    );
    CREATE INDEX outbox_pending ON outbox (position) WHERE published_at IS NULL;
  `,
  down: `DROP TABLE outbox; DROP TABLE events; DROP TABLE ledger_sequence; DROP TABLE streams;`,
};
