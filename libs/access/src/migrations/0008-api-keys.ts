import type { Migration } from '@policy-ledger/event-store';

/**
 * API keys: named, with a role, stored only as the SHA-256 of their secret (a secret is 32 random
 * bytes: a fast hash is enough, nothing to guess). Revoked keys stay, so a name recorded in events
 * always means one key; when it was last used is kept to the minute.
 */
export const apiKeysMigration: Migration = {
  name: '0008-api-keys',
  up: `
    CREATE TABLE api_keys (
      name         text PRIMARY KEY,
      role         text NOT NULL CHECK (role IN ('reader', 'reporter', 'editor', 'admin')),
      secret_hash  bytea NOT NULL UNIQUE,
      created_at   timestamptz NOT NULL DEFAULT now(),
      created_by   text,
      last_used_at timestamptz,
      revoked_at   timestamptz
    );
  `,
  down: `DROP TABLE api_keys;`,
};
