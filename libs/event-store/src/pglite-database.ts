import { PGlite, types } from '@electric-sql/pglite';
import type { Database, Queryable, Session } from './database.port';

interface PgliteQueryable {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  exec(text: string): Promise<{ rows: unknown[] }[]>;
}

/**
 * The same Database on PGlite: PostgreSQL compiled to WebAssembly, in this process, its data in a
 * directory. One connection serves everyone; PGlite queues queries behind an open transaction.
 * Like pg, a query without parameters goes by the simple protocol and may hold several statements.
 */
export class PgliteDatabase implements Database {
  readonly overlaps = false;

  private constructor(private readonly pg: PGlite) {}

  static async open(dataDir: string): Promise<PgliteDatabase> {
    const pg = await PGlite.create(dataDir, { parsers: { [types.INT8]: Number } });
    return new PgliteDatabase(pg);
  }

  query<Row>(text: string, params: readonly unknown[] = []): Promise<{ rows: Row[] }> {
    return run<Row>(this.pg, text, params);
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction((tx) => work({ query: (text, params = []) => run(tx, text, params) }));
  }

  async session(): Promise<Session> {
    const unlisten: (() => Promise<void>)[] = [];
    return {
      query: (text, params = []) => run(this.pg, text, params),
      listen: async (channel, onNotify) => void unlisten.push(await this.pg.listen(channel, onNotify)),
      release: async () => void (await Promise.all(unlisten.map((stop) => stop()))),
    };
  }

  async close(): Promise<void> {
    await this.pg.close();
  }
}

async function run<Row>(pg: PgliteQueryable, text: string, params: readonly unknown[]): Promise<{ rows: Row[] }> {
  if (params.length === 0) {
    const results = await pg.exec(text);
    return { rows: (results.at(-1)?.rows ?? []) as Row[] };
  }
  return pg.query<Row>(text, [...params]);
}
