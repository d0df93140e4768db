import { Pool, type PoolClient, type PoolConfig, types } from 'pg';
import type { Database, Queryable, Session } from './database.port';

const INT8 = 20;

/** Database on a PostgreSQL server through a pg connection pool. */
export class PgDatabase implements Database {
  private readonly pool: Pool;

  /**
   * `onIdleError` hears of a pooled connection that failed while idle (the server restarted, or an
   * administrator ended it): the pool drops it and opens another when asked. Without a listener,
   * such an error would end the process.
   */
  constructor(connectionString: string, options: Pick<PoolConfig, 'max' | 'application_name'> & { onIdleError?: (error: Error) => void } = {}) {
    this.pool = new Pool({
      connectionString,
      max: options.max ?? 10,
      application_name: options.application_name ?? 'policy-ledger',
      // Positions are bigint; they stay far below 2^53, so numbers are exact and easier to use.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 ? Number : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
      },
    });
    this.pool.on('error', (error) => options.onIdleError?.(error));
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<{ rows: Row[] }> {
    const result = await this.pool.query(text, params as unknown[]);
    return { rows: result.rows as Row[] };
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(wrap(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async session(): Promise<Session> {
    const client = await this.pool.connect();
    const listeners = new Map<string, () => void>();
    client.on('notification', (message) => listeners.get(message.channel)?.());
    let broken: Error | undefined;
    client.on('error', (error) => (broken = error));
    return {
      ...wrap(client),
      async listen(channel, onNotify) {
        listeners.set(channel, onNotify);
        await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      },
      async release() {
        client.release(broken ?? true);
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function wrap(client: PoolClient): Queryable {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await client.query(text, params as unknown[]);
      return { rows: result.rows as Row[] };
    },
  };
}
