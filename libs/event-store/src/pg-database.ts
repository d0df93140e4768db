import { Pool, type PoolClient, type PoolConfig, types } from 'pg';
import type { Database, Queryable, Session } from './database.port';

const INT8 = 20;

/** Database on a PostgreSQL server through a pg connection pool. */
export class PgDatabase implements Database {
  readonly overlaps = true;

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
    // The pool listens for a connection's 'error' while it is idle, `pool.query` and `watched`
    // while they hold it; an error in a moment none of them listens (seen once, a projector ending
    // with FATAL 57P01 during a PostgreSQL restart) would end the process. This listener is always
    // there: the connection is dead after it, and its next query fails and drops it.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<{ rows: Row[] }> {
    const result = await this.pool.query(text, params as unknown[]);
    return { rows: result.rows as Row[] };
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = watched(await this.pool.connect());
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (!client.broken()) await client.query('ROLLBACK').catch(() => undefined);
      throw client.broken() ?? error;
    } finally {
      client.release();
    }
  }

  async session(): Promise<Session> {
    const client = watched(await this.pool.connect());
    const listeners = new Map<string, () => void>();
    client.raw.on('notification', (message) => listeners.get(message.channel)?.());
    return {
      query: client.query,
      async listen(channel, onNotify) {
        listeners.set(channel, onNotify);
        await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      },
      async release() {
        client.release(true);
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * A connection checked out of the pool, listening for its 'error' event: the server may end it
 * between two queries (PostgreSQL restarting ends every connection with FATAL 57P01), and pg
 * emits that as an 'error' event on the client. The error is kept: a later query on the dead
 * connection fails with it (a transient error, so the caller retries or answers 503) rather than
 * with pg's "not queryable", and the connection is destroyed on release instead of going back.
 */
function watched(client: PoolClient): Queryable & { raw: PoolClient; broken(): Error | undefined; release(destroy?: boolean): void } {
  let broken: Error | undefined;
  const onError = (error: Error) => (broken ??= error);
  client.on('error', onError);
  return {
    raw: client,
    broken: () => broken,
    async query<Row>(text: string, params: readonly unknown[] = []) {
      if (broken) throw broken;
      try {
        const result = await client.query(text, params as unknown[]);
        return { rows: result.rows as Row[] };
      } catch (error) {
        throw broken ?? error;
      }
    },
    release(destroy = false) {
      client.removeListener('error', onError);
      client.release(broken ?? destroy);
    },
  };
}
