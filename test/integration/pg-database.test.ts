import { isTransientError, PgDatabase } from '@policy-ledger/event-store';
import type { Ledger } from '@policy-ledger/runtime';
import { Client } from 'pg';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

/**
 * PostgreSQL restarting (pg_ctl stop -m fast) ends every connection with FATAL 57P01, also the
 * ones a transaction holds between two of its queries. Found by the fault suite: the pg client of
 * such a transaction emitted an 'error' event nobody listened to, and the projector process died.
 */
describe('PgDatabase when the server ends a connection', () => {
  let ledger: Ledger;
  let db: PgDatabase;
  let admin: Client;
  beforeAll(async () => {
    ledger = await openTestLedger('pg_database');
    if (ledger.config.mode !== 'production') throw new Error('a PostgreSQL test');
    db = new PgDatabase(ledger.config.DATABASE_URL, { application_name: 'pg-database-test' });
    admin = new Client({ connectionString: ledger.config.DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await db.close();
    await dropTestLedger(ledger);
  });

  const terminate = async (pid: number) => {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    // Let the FATAL message arrive while no query runs on the connection.
    await new Promise((resolve) => setTimeout(resolve, 300));
  };

  it('fails the transaction with the transient error, and the pool goes on', async () => {
    const error = await db
      .transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await terminate(rows[0]?.pid ?? 0);
        await tx.query('SELECT 1');
      })
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    expect(error).toMatchObject({ code: '57P01' });
    expect(isTransientError(error)).toBe(true);
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('fails a session query with the transient error', async () => {
    const session = await db.session();
    const { rows } = await session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await terminate(rows[0]?.pid ?? 0);
    const error = await session.query('SELECT 1').then(
      () => undefined,
      (failure: unknown) => failure,
    );
    await session.release();
    expect(isTransientError(error)).toBe(true);
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
