import type { Migration } from '@policy-ledger/event-store';

/** The timeline of developments: columns for its filters and orders, the entry as a document. */
export const storyReadModelsMigration: Migration = {
  name: '0004-story-read-models',
  up: `
    CREATE TABLE rm_timeline (
      id            text PRIMARY KEY,
      type          text NOT NULL,
      occurred_from date NOT NULL,
      occurred_to   date NOT NULL,
      recorded_at   timestamptz NOT NULL,
      position      bigint NOT NULL,
      parties       text[] NOT NULL DEFAULT '{}',
      countries     text[] NOT NULL DEFAULT '{}',
      doc           jsonb NOT NULL
    );
    CREATE INDEX rm_timeline_occurred ON rm_timeline (occurred_from, occurred_to, position);
    CREATE INDEX rm_timeline_position ON rm_timeline (position);
    CREATE INDEX rm_timeline_countries ON rm_timeline USING gin (countries);
  `,
  down: `DROP TABLE rm_timeline;`,
};
