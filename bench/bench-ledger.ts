/**
 * What the benchmarks share: a ledger of their own in either mode, made and removed, and events;
 * for the benchmarks that run the services in processes of their own (production mode): databases
 * and Kafka scopes of the run's own, released in reverse order on success, error or Ctrl-C.
 */
import type { NewEvent } from '@policy-ledger/event-store';
import { createLogger, Ledger, loadConfig } from '@policy-ledger/runtime';
import { Kafka, logLevel } from 'kafkajs';
import { rm } from 'node:fs/promises';
import { type Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Service } from '../test/support/service-process';
import { UNLIMITED } from '../test/support/test-ledger';

/** The local PostgreSQL server (trust auth) and Kafka broker the production-mode benchmarks use. */
export const PG_SERVER = 'postgres://postgres@127.0.0.1:5432';
export const KAFKA_BROKER = '127.0.0.1:9092';
const BENCH_DATABASE = `${PG_SERVER}/policy_ledger_bench`;

export function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

/** Runs a statement on the local server (its maintenance database `postgres`). */
export async function onServer(statement: string): Promise<void> {
  const client = new Client({ connectionString: BENCH_DATABASE.replace(/\/[^/]+$/, '/postgres') });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

/** Throughput is measured, not policy: no rate limit on the bench's one client. */
export { UNLIMITED };

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
    const config = loadConfig({ DATABASE_URL: BENCH_DATABASE, KAFKA_BROKERS: KAFKA_BROKER, KAFKA_TOPIC_PREFIX: scope, PROJECTOR_GROUP_PREFIX: `${scope}.projector`, LOG_LEVEL: 'warn', ...UNLIMITED });
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

// --- production-mode benchmarks: clean-up on success, error or signal ---

/** Progress for a person: on stderr, so stdout keeps the figures. */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

export const percentile = (sorted: ArrayLike<number>, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

const releases: Array<{ what: string; release: () => Promise<void> }> = [];

/** Registers a clean-up step; the returned function runs it now (once) instead of at the end. */
export function onCleanUp(what: string, release: () => Promise<void>): () => Promise<void> {
  const entry = { what, release };
  releases.push(entry);
  return async () => {
    const index = releases.indexOf(entry);
    if (index < 0) return;
    releases.splice(index, 1);
    await release();
  };
}

let cleaning: Promise<void> | undefined;
const STEP_TIMEOUT_MS = 30_000;
/** A step that did not finish in time may leave handles open: the process then exits by itself at the end. */
let stepTimedOut = false;

/** Releases what is still held, last acquired first, each step bounded in time; a second call joins the first. */
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (let entry = releases.pop(); entry; entry = releases.pop()) {
      const { what, release } = entry;
      log(`clean-up: ${what}`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), STEP_TIMEOUT_MS)));
      const outcome = await Promise.race([release().then(() => 'done' as const), timeout]).catch((error: unknown) => {
        console.error(`clean-up: ${what} failed:`, error);
        return 'failed' as const;
      });
      clearTimeout(timer);
      if (outcome === 'timed out') {
        stepTimedOut = true;
        console.error(`clean-up: ${what} did not finish in ${STEP_TIMEOUT_MS / 1000} s; going on`);
      }
    }
  })();
  return cleaning;
}

/** Set by the first SIGINT or SIGTERM: no new operation starts, and the run stops at the next check. */
let interrupted = false;

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/** Throws Interrupted once a SIGINT or SIGTERM came: a benchmark checks between its steps. */
export function checkInterrupted(): void {
  if (interrupted) throw new Interrupted();
}

export const isInterrupted = (): boolean => interrupted;

/**
 * Runs a production-mode benchmark's main: the first SIGINT or SIGTERM lets the operations in
 * flight finish (clean-up follows within 60 s at the latest), a second cleans up at once; on
 * success, error or interruption everything registered with onCleanUp is released.
 */
export function runBenchWithCleanUp(main: () => Promise<void>): void {
  const stop = (signal: NodeJS.Signals) => {
    if (interrupted) {
      log(`${signal} again: cleaning up now`);
      void cleanUp().finally(() => process.exit(130));
      return;
    }
    interrupted = true;
    log(`${signal}: stopping once the operations in flight are done, then cleaning up (again to clean up at once)`);
    // Should the run not reach a check soon (a migration, an install), clean up from here.
    setTimeout(() => void cleanUp().finally(() => process.exit(130)), 60_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  main()
    .catch((error: unknown) => {
      if (error instanceof Interrupted) {
        process.exitCode = 130;
      } else {
        console.error(error);
        process.exitCode = 1;
      }
    })
    .finally(async () => {
      await cleanUp();
      if (stepTimedOut) process.exit();
    });
}

/** A new empty database of that name on the local server (dropped first if a run left it), dropped at clean-up; its URL. */
export async function freshDatabase(name: string): Promise<string> {
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  onCleanUp(`database ${name}`, () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  await onServer(`CREATE DATABASE ${name}`);
  return `${PG_SERVER}/${name}`;
}

const kafkaAdmin = (retries: number) => new Kafka({ clientId: 'policy-ledger-bench', brokers: [KAFKA_BROKER], logLevel: logLevel.NOTHING, retry: { retries } }).admin();

/**
 * Deletes the topics and consumer groups under this run's prefixes from the local broker: the
 * topics first, then the groups, waiting (up to 25 s) for a group that still has members: a
 * consumer killed, or stopped while it was shutting down after Ctrl-C, stays one until its session
 * times out, and the broker refuses to delete a group with members (NON_EMPTY_GROUP).
 */
export async function deleteKafkaScope(topicPrefix: string, groupPrefix: string): Promise<void> {
  const admin = kafkaAdmin(2);
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${topicPrefix}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const deadline = Date.now() + 25_000;
    for (;;) {
      const groups = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith(`${groupPrefix}.`));
      if (groups.length === 0) return;
      try {
        await admin.deleteGroups(groups);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

export async function assertKafkaAnswers(): Promise<void> {
  const admin = kafkaAdmin(1);
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`no Kafka broker answers on ${KAFKA_BROKER} (start one with \`npm run services:up\`): ${String(error)}`, { cause: error });
  } finally {
    await admin.disconnect();
  }
}

/** Stops a service process: SIGTERM, its graceful shutdown, then SIGKILL if it takes more than 15 s. */
export async function stopService(service: Service): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGTERM');
  const killed = setTimeout(() => service.child.kill('SIGKILL'), 15_000);
  await service.exited;
  clearTimeout(killed);
}

/** The API's URL, from its start-up log line. */
export async function apiUrl(api: Service): Promise<string> {
  return String((await api.waitForLog((line) => typeof line.url === 'string' && typeof line.mode === 'string', 60_000)).url);
}

/** One request on node:http (kept-alive connections through `agent`: a light client); its status and body as text. */
export function httpText(url: string, options: { method?: string; agent: Agent; headers?: Record<string, string | number>; body?: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = options.body === undefined ? options.headers : { ...options.headers, 'content-length': Buffer.byteLength(options.body) };
    const request = httpRequest(url, { method: options.method ?? 'GET', agent: options.agent, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}
