import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';

/**
 * Runs once before the integration and end-to-end suites: refuses a database whose name does not
 * say it is for tests, checks that PostgreSQL and Kafka answer (naming the command that starts
 * them when they do not), and gives this run its own Kafka topic prefix so runs never share topics.
 */
export default async function globalSetup(): Promise<void> {
  const databaseUrl = (process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/policy_ledger_test');
  const brokers = (process.env.TEST_KAFKA_BROKERS ??= '127.0.0.1:9092');
  process.env.TEST_RUN_ID ??= `t${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

  const database = new URL(databaseUrl).pathname.slice(1);
  if (!/test/.test(database)) {
    throw new Error(`TEST_DATABASE_URL names the database "${database}"; tests only run on a database whose name contains "test"`);
  }
  // Each test file creates (and drops) a database of its own named after this one, through the
  // server's maintenance database.
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL does not answer at ${databaseUrl} (${(error as Error).message}); run: npm run services:up`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
  const admin = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    throw new Error(`Kafka does not answer at ${brokers} (${(error as Error).message}); run: npm run services:up`, { cause: error });
  } finally {
    await admin.disconnect();
  }
}
