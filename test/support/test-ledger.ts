import { createLogger, type Config, Ledger, loadConfig } from '@policy-ledger/runtime';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** No rate limits: tests, benchmarks and the fault suite send far more than a client would, from one address. */
export const UNLIMITED = { RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0' } as const;

export type Mode = Config['mode'];

/**
 * A Ledger of its own for one test file. Production mode: a fresh database (named after the test
 * run and the file, always containing "test"), Kafka topics and consumer groups no other run or
 * file shares. Embedded mode: a fresh PGlite folder under the system's temporary directory.
 */
export async function openTestLedger(
  name: string,
  options: { mode?: Mode; env?: Record<string, string>; reopen?: boolean } = {},
): Promise<Ledger> {
  const config = testConfig(name, options.mode ?? 'production', options.env);
  if (!options.reopen) {
    if (config.mode === 'production') await recreateDatabase(config.DATABASE_URL);
    else await rm(config.DATA_DIR, { recursive: true, force: true });
  }
  return Ledger.open(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', `test-${name}`), name);
}

export function testConfig(name: string, mode: Mode, env: Record<string, string> = {}): Config {
  const runId = required('TEST_RUN_ID');
  const scope = `${runId}_${name}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  // Reads may wait longer than in service: consumer groups of a fresh test take seconds to join.
  // Suites send thousands of requests from one address: no rate limit unless a test sets one.
  const shared = { PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', QUERY_WAIT_MAX_MS: '30000', ...UNLIMITED };
  if (mode === 'embedded') return loadConfig({ ...shared, DATA_DIR: join(tmpdir(), `policy-ledger-test-${scope}`), ...env });
  const database = new URL(required('TEST_DATABASE_URL'));
  database.pathname = `/${database.pathname.slice(1)}_${scope}`;
  return loadConfig({
    ...shared,
    DATABASE_URL: database.toString(),
    KAFKA_BROKERS: required('TEST_KAFKA_BROKERS'),
    KAFKA_TOPIC_PREFIX: `test.${scope}`,
    PROJECTOR_GROUP_PREFIX: `test.${scope}.projector`,
    ...env,
  });
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suites through jest (globalSetup sets it)`);
  return value;
}

async function onServer(url: string, statement: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function recreateDatabase(url: string): Promise<void> {
  const database = new URL(url).pathname.slice(1);
  if (!database.includes('test')) throw new Error(`refusing to recreate ${database}: not a test database`);
  await onServer(url, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await onServer(url, `CREATE DATABASE "${database}"`);
}

/** Closes the ledger and removes its database or data folder, so test runs leave nothing behind. */
export async function dropTestLedger(ledger: Ledger): Promise<void> {
  await ledger.close();
  const { config } = ledger;
  if (config.mode === 'embedded') await rm(config.DATA_DIR, { recursive: true, force: true });
  else await onServer(config.DATABASE_URL, `DROP DATABASE IF EXISTS "${new URL(config.DATABASE_URL).pathname.slice(1)}" WITH (FORCE)`);
}
