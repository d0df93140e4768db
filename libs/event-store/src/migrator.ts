import { Umzug, type UmzugStorage } from 'umzug';
import type { Database, Queryable } from './database.port';

export interface Migration {
  readonly name: string;
  readonly up: string;
  readonly down: string;
}

/** Any number taken by no other advisory lock of the ledger. */
const MIGRATION_LOCK = 7_201_001;

function tableStorage(tx: Queryable): UmzugStorage<Queryable> {
  return {
    async executed() {
      await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await tx.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      return rows.map((row) => row.name);
    },
    async logMigration({ name }) {
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
    },
    async unlogMigration({ name }) {
      await tx.query('DELETE FROM schema_migrations WHERE name = $1', [name]);
    },
  };
}

/**
 * Applies the pending migrations in one transaction under an advisory lock, so processes that
 * start together (api, projector) migrate once and never see half a schema.
 * Returns the names of the migrations it applied.
 */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const umzug = new Umzug<Queryable>({
      context: tx,
      storage: tableStorage(tx),
      logger: undefined,
      migrations: migrations.map((migration) => ({
        name: migration.name,
        up: async ({ context }) => void (await context.query(migration.up)),
        down: async ({ context }) => void (await context.query(migration.down)),
      })),
    });
    const applied = await umzug.up();
    return applied.map((migration) => migration.name);
  });
}
