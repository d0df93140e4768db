import { Ledger, loadConfig, createLogger, type Config } from '@policy-ledger/runtime';
import { Client } from 'pg';

/**
 * A Ledger of its own for one test file: a fresh database (named after the test run and the file,
 * always containing "test") and Kafka topics and consumer groups no other run or file shares.
 */
export async function openTestLedger(name: string, overrides: Record<string, string> = {}): Promise<Ledger> {
  const config = testConfig(name, overrides);
  await recreateDatabase(config.DATABASE_URL);
  return Ledger.open(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', `test-${name}`), name);
}

export function testConfig(name: string, overrides: Record<string, string> = {}): Config {
  const runId = required('TEST_RUN_ID');
  const base = new URL(required('TEST_DATABASE_URL'));
  const scope = `${runId}_${name}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  base.pathname = `/${base.pathname.slice(1)}_${scope}`;
  return loadConfig({
    DATABASE_URL: base.toString(),
    KAFKA_BROKERS: required('TEST_KAFKA_BROKERS'),
    KAFKA_TOPIC_PREFIX: `test.${scope}`,
    PROJECTOR_GROUP_PREFIX: `test.${scope}.projector`,
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  });
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suites through jest (globalSetup sets it)`);
  return value;
}

async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const database = target.pathname.slice(1);
  if (!database.includes('test')) throw new Error(`refusing to recreate ${database}: not a test database`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** Drops the file's database once its ledger is closed, so test runs leave nothing behind. */
export async function dropTestDatabase(ledger: Ledger): Promise<void> {
  await ledger.close();
  const admin = new URL(ledger.config.DATABASE_URL);
  const database = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
