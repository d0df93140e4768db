/**
 * npm run bench:sse -- [--mode embedded|production] [--events 20000] [--clients 1,4]
 *
 * Events per second one SSE client receives from GET /events/stream while it catches up from
 * position 0 (the API and the client in this process, over loopback), with 1 and then several
 * clients at once. Embedded: PGlite in a temporary folder. Production: a database of its own,
 * `policy_ledger_bench` on the local PostgreSQL (recreated), and the local Kafka (not used here).
 */
import 'reflect-metadata';
import type { NewEvent } from '@policy-ledger/event-store';
import { createLogger, Ledger, loadConfig } from '@policy-ledger/runtime';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApi } from '../apps/api/src/bootstrap';
import { SseParser } from '../test/support/sse-client';

const BENCH_DATABASE = 'postgres://postgres@127.0.0.1:5432/policy_ledger_bench';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

async function onServer(statement: string): Promise<void> {
  const client = new Client({ connectionString: BENCH_DATABASE.replace(/\/[^/]+$/, '/postgres') });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

async function openLedger(mode: string): Promise<Ledger> {
  const logger = createLogger('warn', 'bench-sse');
  if (mode === 'production') {
    await onServer('DROP DATABASE IF EXISTS policy_ledger_bench WITH (FORCE)');
    await onServer('CREATE DATABASE policy_ledger_bench');
    return Ledger.open(loadConfig({ DATABASE_URL: BENCH_DATABASE, KAFKA_BROKERS: '127.0.0.1:9092', LOG_LEVEL: 'warn' }), logger, 'bench');
  }
  const dataDir = join(tmpdir(), `policy-ledger-bench-sse-${process.pid}`);
  await rm(dataDir, { recursive: true, force: true });
  return Ledger.open(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), logger, 'bench');
}

/** A realistic event body: the article's shipment, about 1 KB of JSON. */
function shipmentEvent(i: number): NewEvent {
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

/** Reads the stream from the start until `count` events arrived; returns the seconds it took. */
async function catchUp(url: string, count: number): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${url}/events/stream?after=0`);
  if (!response.body) throw new Error(`no stream: ${response.status}`);
  const parser = new SseParser();
  const decoder = new TextDecoder();
  let received = 0;
  for await (const chunk of response.body) {
    received += parser.push(decoder.decode(chunk as Uint8Array, { stream: true })).length;
    if (received >= count) break;
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  const mode = option('mode', 'embedded');
  const total = Number(option('events', '20000'));
  const clientCounts = option('clients', '1,4').split(',').map(Number);
  const ledger = await openLedger(mode);
  const perAppend = 100;
  for (let stream = 0; stream * perAppend < total; stream++) {
    const events = Array.from({ length: Math.min(perAppend, total - stream * perAppend) }, (_, i) => shipmentEvent(stream * perAppend + i));
    await ledger.store.append(`shipment-bench-${stream}`, 'shipment', 0, events);
  }
  const app = await createApi(ledger);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  console.log(`${mode}: ${total} events of about 1 KB, node ${process.version}`);
  try {
    await catchUp(url, Math.min(total, 1000)); // warm-up
    for (const clients of clientCounts) {
      const seconds = await Promise.all(Array.from({ length: clients }, () => catchUp(url, total)));
      const rates = seconds.map((s) => Math.round(total / s));
      const slowest = Math.min(...rates);
      console.log(`${clients} client(s) catching up: ${slowest} events/s per client (slowest; all: ${rates.join(', ')}), ${Math.round(total * clients / Math.max(...seconds))} events/s in all`);
    }
  } finally {
    await app.close();
    await ledger.close();
    if (mode === 'production') await onServer('DROP DATABASE IF EXISTS policy_ledger_bench WITH (FORCE)');
    else if (ledger.config.mode === 'embedded') await rm(ledger.config.DATA_DIR, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
