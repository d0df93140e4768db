/** What the benchmarks share: a ledger of their own in either mode, made and removed, and events. */
import type { NewEvent } from '@policy-ledger/event-store';
import { createLogger, Ledger, loadConfig } from '@policy-ledger/runtime';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const BENCH_DATABASE = 'postgres://postgres@127.0.0.1:5432/policy_ledger_bench';

export function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

async function onServer(statement: string): Promise<void> {
  const client = new Client({ connectionString: BENCH_DATABASE.replace(/\/[^/]+$/, '/postgres') });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

/** Throughput is measured, not policy: no rate limit on the bench's one client. */
export const UNLIMITED = { RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0' } as const;

/** An `Authorization` header with a new reporter key of the ledger: writes take a key. */
export async function benchAuthorization(ledger: Ledger): Promise<{ authorization: string }> {
  const { secret } = await ledger.keys.create(`bench-${process.pid}-${Date.now()}`, 'reporter', null);
  return { authorization: `Bearer ${secret}` };
}

export async function openBenchLedger(mode: string, name: string): Promise<Ledger> {
  const logger = createLogger('warn', `bench-${name}`);
  if (mode === 'production') {
    await onServer('DROP DATABASE IF EXISTS policy_ledger_bench WITH (FORCE)');
    await onServer('CREATE DATABASE policy_ledger_bench');
    // Topics and consumer groups of this run alone, on the local broker.
    const scope = `bench-${name}-${process.pid}`;
    const config = loadConfig({ DATABASE_URL: BENCH_DATABASE, KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_TOPIC_PREFIX: scope, PROJECTOR_GROUP_PREFIX: `${scope}.projector`, LOG_LEVEL: 'warn', ...UNLIMITED });
    return Ledger.open(config, logger, 'bench');
  }
  const dataDir = join(tmpdir(), `policy-ledger-bench-${name}-${process.pid}`);
  await rm(dataDir, { recursive: true, force: true });
  return Ledger.open(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...UNLIMITED }), logger, 'bench');
}

/** A realistic event body: the article's shipment, about 1 KB of JSON. */
export function shipmentEvent(i: number): NewEvent {
  return {
    type: 'ShipmentReported',
    schemaVersion: 1,
    metadata: { recordedBy: 'bench', correlationId: `bench-${i}`, causationId: null },
    occurredAt: { from: '2023-09-07', to: '2023-10-01', precision: 'range' },
    data: {
      supplier: 'KP',
      recipient: 'RU',
      items: [{ category: 'munitions', description: 'containers of military equipment and munitions', quantity: { value: 1000 + i, unit: 'containers', qualifier: 'at_least' } }],
      legs: [
        { mode: 'sea', from: { name: 'Najin', country: 'KP' }, to: { name: 'Dunay', country: 'RU' } },
        { mode: 'rail', from: { name: 'Dunay', country: 'RU' }, to: { name: 'ammunition depot near Ukraine', country: 'RU' } },
      ],
      stage: 'delivered',
      occurredAt: { from: '2023-09-07', to: '2023-10-01', precision: 'range' },
      reportedAt: '2023-10-13',
      sources: [{ publisher: 'The White House', sourceClass: 'intelligence_disclosure', attributedTo: 'John Kirby' }],
      confidence: 'assessed',
    },
  };
}

/** Closes the app (when the bench started one), then the ledger, and removes its database or data folder. */
export async function closeBenchLedger(ledger: Ledger, app?: { close(): Promise<void> }): Promise<void> {
  await app?.close();
  await ledger.close();
  if (ledger.config.mode === 'production') await onServer('DROP DATABASE IF EXISTS policy_ledger_bench WITH (FORCE)');
  else await rm(ledger.config.DATA_DIR, { recursive: true, force: true });
}

/** Runs a benchmark's main: an error is printed and ends the process with status 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
