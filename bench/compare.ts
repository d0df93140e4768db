/**
 * npm run bench:compare -- [--ops 5000] [--warm-up 1000] [--in-flight 8,32] [--cases emmett,ledger,http] [--json]
 *
 * Side by side, in one run on the local PostgreSQL, each at every in-flight count:
 *   emmett  `appendToStream` of @event-driven-io/emmett-postgresql 0.42.0 (bench/peers, installed
 *           here when missing; not a dependency of the product), database policy_ledger_bench_emmett;
 *   ledger  `PostgresEventStore.append`, the ledger's event store alone (no relay, no projector),
 *           database policy_ledger_bench_store;
 *   http    commands over HTTP against the API in production mode (PostgreSQL + the local Kafka
 *           broker), as production runs it: the API with the outbox relay in one process, the
 *           projector in another, the clients in this one; database policy_ledger_bench_http and
 *           topics under a prefix of this run's own.
 * The same work for each: distinct streams of 10 events, one event (about 300 bytes of JSON) per
 * operation, appended at the version the writer saw (emmett: expectedStreamVersion; ledger:
 * expectedVersion; HTTP: If-Match on `POST /shipments`, then on `POST /shipments/{id}/estimates`).
 * A warm-up, then a fixed number of operations with that many in flight: ops/s, latency p50/p99.
 * Each database is recreated when its case starts and dropped at the end, the run's Kafka topics
 * and consumer groups deleted, on error or Ctrl-C too. Progress goes to stderr, the table to
 * stdout; with --json the raw figures go to stdout and the table to stderr
 * (`npm run -s bench:compare -- --json > figures.json`).
 */
import 'reflect-metadata';
import { migrate, type NewEvent, PgDatabase, PostgresEventStore } from '@policy-ledger/event-store';
import { Ledger, loadConfig, migrations } from '@policy-ledger/runtime';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { runService } from '../test/support/service-process';
import {
  apiUrl,
  assertKafkaAnswers,
  benchAuthorization,
  checkInterrupted,
  deleteKafkaScope,
  freshDatabase,
  httpText,
  isInterrupted,
  KAFKA_BROKER,
  log,
  onCleanUp,
  onServer,
  option,
  percentile,
  runBenchWithCleanUp,
  stopService,
  UNLIMITED,
} from './bench-ledger';

const DATABASES = { emmett: 'policy_ledger_bench_emmett', ledger: 'policy_ledger_bench_store', http: 'policy_ledger_bench_http' } as const;
const STREAM_LENGTH = 10;
const ROOT = join(__dirname, '..');
const PEERS = join(__dirname, 'peers');
const EMMETT = '@event-driven-io/emmett-postgresql';

// --- emmett, typed at its boundary: the part of emmett-postgresql 0.42.0 this file uses (dist/index.d.ts) ---

interface EmmettEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata?: object;
}

interface EmmettEventStore {
  /** Throws ExpectedVersionConflictError unless the stream is at expectedStreamVersion (0n: it does not exist yet). */
  appendToStream(streamName: string, events: EmmettEvent[], options: { expectedStreamVersion: bigint }): Promise<{ nextExpectedStreamVersion: bigint }>;
  /** Its tables and functions, created lazily by the first append unless migrated first. */
  readonly schema: { migrate(): Promise<unknown> };
  close(): Promise<void>;
}

interface EmmettPostgreSQL {
  getPostgreSQLEventStore(connectionString: string): EmmettEventStore;
}

/** Installs bench/peers from its lock file when it is missing or not the declared version, then loads emmett from there. */
function loadEmmett(): EmmettPostgreSQL {
  const declared = (JSON.parse(readFileSync(join(PEERS, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies[EMMETT];
  const installedManifest = join(PEERS, 'node_modules', EMMETT, 'package.json');
  const installed = existsSync(installedManifest) ? (JSON.parse(readFileSync(installedManifest, 'utf8')) as { version: string }).version : undefined;
  if (installed !== declared) {
    log(`installing the peer libraries (bench/peers: ${EMMETT} ${declared})`);
    const npm = spawnSync('npm', ['ci', '--prefix', 'bench/peers', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
    if (npm.status !== 0) throw new Error(`npm ci --prefix bench/peers failed (${npm.error?.message ?? `exit code ${npm.status}`})`);
  }
  const requirePeer = createRequire(join(PEERS, 'package.json'));
  const emmett: EmmettPostgreSQL = requirePeer(EMMETT);
  return emmett;
}

// --- the work: one stream shape and one payload for every case ---

/** The first event of a stream: a shipment reported (the body of `POST /shipments` without its id). */
function reportData(): Record<string, unknown> {
  return {
    supplier: 'KP',
    recipient: 'RU',
    items: [{ category: 'munitions', quantity: { value: 1000, unit: 'containers', qualifier: 'at_least' } }],
    stage: 'in_transit',
    occurredAt: { from: '2023-09-07', precision: 'day' },
    sources: [{ publisher: 'The White House', sourceClass: 'intelligence_disclosure' }],
    confidence: 'assessed',
  };
}

/** Every later event: a new estimate (the body of `POST /shipments/{id}/estimates`). */
function estimateData(version: number): Record<string, unknown> {
  return {
    category: 'munitions',
    quantity: { value: 1000 + 100 * version, unit: 'containers', qualifier: 'at_least', countingSince: '2023-09-07' },
    occurredAt: { from: '2023-10-13', precision: 'day' },
    reportedAt: '2023-10-13',
    sources: [{ publisher: 'The White House', sourceClass: 'intelligence_disclosure' }],
    confidence: 'assessed',
  };
}

/** The event at `version` (0-based: the number of events already in the stream). */
function eventAt(streamId: string, version: number): { type: string; data: Record<string, unknown>; metadata: NewEvent['metadata'] } {
  const metadata = { recordedBy: 'bench', correlationId: `${streamId}-${version}`, causationId: null };
  return version === 0
    ? { type: 'ShipmentReported', data: reportData(), metadata }
    : { type: 'ShipmentEstimateUpdated', data: estimateData(version), metadata };
}

/** Appends event `version` of stream `id` (`shipment-<id>`), expecting the stream at `version`. */
type Operation = (id: string, version: number) => Promise<void>;

interface Measured {
  seconds: number;
  latenciesMs: Float64Array;
}

/**
 * `ops` operations with `inFlight` of them outstanding until the last: each writer appends to its
 * stream one event at a time and takes a new stream after STREAM_LENGTH events (so the last
 * streams of a run may be shorter). On a failure or an interruption no writer starts another
 * operation, and it returns only once none is in flight, so nothing is left running against what
 * the clean-up closes.
 */
async function drive(operation: Operation, inFlight: number, ops: number, prefix: string): Promise<Measured> {
  const latenciesMs = new Float64Array(ops);
  let issued = 0;
  let streams = 0;
  let failure: { error: unknown } | undefined;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      let id = '';
      let version = STREAM_LENGTH;
      while (issued < ops && !failure && !isInterrupted()) {
        const index = issued++;
        if (version === STREAM_LENGTH) {
          id = `${prefix}-${streams++}`;
          version = 0;
        }
        const sent = process.hrtime.bigint();
        try {
          await operation(id, version);
        } catch (error) {
          failure ??= { error };
          return;
        }
        latenciesMs[index] = Number(process.hrtime.bigint() - sent) / 1e6;
        version++;
      }
    }),
  );
  if (failure) throw failure.error;
  checkInterrupted();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, latenciesMs };
}

type System = 'emmett' | 'ledger' | 'http';

const LABELS: Record<System, string> = {
  emmett: 'emmett appendToStream',
  ledger: 'ledger PostgresEventStore.append',
  http: 'ledger over HTTP (production)',
};

interface CaseResult {
  system: System;
  inFlight: number;
  ops: number;
  seconds: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

interface Settings {
  ops: number;
  warmUp: number;
  inFlight: number[];
  cases: System[];
}

const SYSTEMS: readonly System[] = ['emmett', 'ledger', 'http'];
const isSystem = (name: string): name is System => (SYSTEMS as readonly string[]).includes(name);

/** Warm-up, then the measured run, at each in-flight count; `settle` runs before each measured run. */
async function measure(system: System, operation: Operation, settings: Settings, settle: () => Promise<void>): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const inFlight of settings.inFlight) {
    log(`${LABELS[system]}, ${inFlight} in flight: warm-up (${settings.warmUp} ops)`);
    await drive(operation, inFlight, settings.warmUp, `w${inFlight}`);
    await settle();
    log(`${LABELS[system]}, ${inFlight} in flight: ${settings.ops} ops`);
    const { seconds, latenciesMs } = await drive(operation, inFlight, settings.ops, `m${inFlight}`);
    latenciesMs.sort();
    const result = { system, inFlight, ops: settings.ops, seconds, opsPerSecond: settings.ops / seconds, p50Ms: percentile(latenciesMs, 50), p99Ms: percentile(latenciesMs, 99) };
    log(`  ${Math.round(result.opsPerSecond)} ops/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms`);
    results.push(result);
  }
  return results;
}

/** Writes the previous case's dirty pages out, so a case does not pay for the one before it. */
const checkpoint = () => onServer('CHECKPOINT');

// --- the three systems ---

async function benchEmmett(settings: Settings): Promise<CaseResult[]> {
  const { getPostgreSQLEventStore } = loadEmmett();
  const url = await freshDatabase(DATABASES.emmett);
  const store = getPostgreSQLEventStore(url);
  const close = onCleanUp('emmett event store', () => store.close());
  await store.schema.migrate();
  const append: Operation = async (id, version) => {
    const streamName = `shipment-${id}`;
    await store.appendToStream(streamName, [eventAt(streamName, version)], { expectedStreamVersion: BigInt(version) });
  };
  const results = await measure('emmett', append, settings, checkpoint);
  await close();
  return results;
}

async function benchLedgerStore(settings: Settings): Promise<CaseResult[]> {
  const db = new PgDatabase(await freshDatabase(DATABASES.ledger), { application_name: 'policy-ledger-bench-compare' });
  const close = onCleanUp('ledger database pool', () => db.close());
  await migrate(db, migrations);
  const store = new PostgresEventStore(db);
  const append: Operation = async (id, version) => {
    const streamId = `shipment-${id}`;
    const { type, data, metadata } = eventAt(streamId, version);
    await store.append(streamId, 'shipment', version, [{ type, schemaVersion: 1, data, metadata, occurredAt: { from: '2023-10-13', precision: 'day' } }]);
  };
  const results = await measure('ledger', append, settings, checkpoint);
  await close();
  return results;
}

async function benchHttp(settings: Settings): Promise<CaseResult[]> {
  await assertKafkaAnswers();
  const url = await freshDatabase(DATABASES.http);
  const scope = `bench-compare-${process.pid}-${Date.now()}`;
  const groupPrefix = `${scope}.projector`;
  onCleanUp(`Kafka topics ${scope}.*`, () => deleteKafkaScope(scope, groupPrefix));
  // The schema and a reporter key, made here; the services find both.
  const ledger = await Ledger.open(loadConfig({ DATABASE_URL: url, KAFKA_BROKERS: KAFKA_BROKER, KAFKA_TOPIC_PREFIX: scope, LOG_LEVEL: 'warn' }), pino({ level: 'warn' }, pino.destination(2)), 'bench-compare');
  const auth = await benchAuthorization(ledger);
  await ledger.close();
  // The API (with the outbox relay) and the projector, each in a process of its own, as production runs them.
  const env = { DATABASE_URL: url, KAFKA_BROKERS: KAFKA_BROKER, KAFKA_TOPIC_PREFIX: scope, PROJECTOR_GROUP_PREFIX: groupPrefix, PORT: '0', PROJECTOR_PORT: '0', ...UNLIMITED };
  const api = runService('api', env);
  onCleanUp('API process', () => stopService(api));
  const projector = runService('projector', env);
  onCleanUp('projector process', () => stopService(projector));
  const base = await apiUrl(api);
  await projector.waitForLog((line) => line.msg === 'projector: subscribed', 60_000);

  // node:http with kept-alive connections: a client as light as the peer's library call allows (fetch costs several times more CPU).
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(...settings.inFlight) });
  const post: Operation = async (id, version) => {
    const create = version === 0;
    const body = JSON.stringify(create ? { id, ...eventAt(`shipment-${id}`, 0).data } : eventAt(`shipment-${id}`, version).data);
    const headers = { 'content-type': 'application/json', 'if-match': `"${version}"`, 'x-recorded-by': 'bench', ...auth };
    const { status, text } = await httpText(create ? `${base}/shipments` : `${base}/shipments/${id}/estimates`, { method: 'POST', agent, headers, body });
    if (status !== 201) throw new Error(`POST answered ${status}: ${text}`);
  };

  // Before each measured run: the relay and every projection caught up (GET /projections), then a checkpoint.
  const caughtUp = async () => {
    const deadline = Date.now() + 300_000;
    for (;;) {
      checkInterrupted();
      const status = (await (await fetch(`${base}/projections`)).json()) as { head: number; projections: Array<{ position: number }> };
      if (status.projections.every((projection) => projection.position >= status.head)) break;
      if (Date.now() > deadline) throw new Error(`projections not caught up after 300 s: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await checkpoint();
  };
  const results = await measure('http', post, settings, caughtUp);
  await Promise.all([stopService(api), stopService(projector)]);
  return results;
}

// --- output ---

function ratioTo(results: CaseResult[], result: CaseResult): number | undefined {
  const emmett = results.find((other) => other.system === 'emmett' && other.inFlight === result.inFlight);
  return emmett ? result.opsPerSecond / emmett.opsPerSecond : undefined;
}

function table(results: CaseResult[]): string {
  const header = ['case', 'in flight', 'ops/s', 'p50 ms', 'p99 ms', 'ops/s ÷ emmett'];
  const rows = [...results]
    .sort((a, b) => a.inFlight - b.inFlight || SYSTEMS.indexOf(a.system) - SYSTEMS.indexOf(b.system))
    .map((result) => [
      LABELS[result.system],
      String(result.inFlight),
      String(Math.round(result.opsPerSecond)),
      result.p50Ms.toFixed(1),
      result.p99Ms.toFixed(1),
      ratioTo(results, result)?.toFixed(2) ?? '-',
    ]);
  const lines = [header, header.map(() => '---'), ...rows];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

async function main(): Promise<void> {
  const settings: Settings = {
    ops: Number(option('ops', '5000')),
    warmUp: Number(option('warm-up', '1000')),
    inFlight: option('in-flight', '8,32').split(',').map(Number),
    cases: [],
  };
  if (![settings.ops, settings.warmUp, ...settings.inFlight].every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error('--ops, --warm-up and --in-flight take positive integers');
  }
  for (const name of option('cases', SYSTEMS.join(',')).split(',')) {
    if (!isSystem(name)) throw new Error(`--cases takes a list of ${SYSTEMS.join(', ')}; not "${name}"`);
    settings.cases.push(name);
  }
  const json = process.argv.includes('--json');

  const sample = { create: JSON.stringify({ id: 'm32-1234', ...eventAt('shipment-m32-1234', 0).data }).length, append: JSON.stringify(eventAt('shipment-m32-1234', 1).data).length };
  log(`bench:compare: ${settings.ops} ops per case after ${settings.warmUp} of warm-up, ${settings.inFlight.join(' and ')} in flight; ` + `payload ${sample.create} B (create) / ${sample.append} B (append); node ${process.version}, ${cpus().length} cores`);
  const started = Date.now();
  const results: CaseResult[] = [];
  if (settings.cases.includes('emmett')) results.push(...(await benchEmmett(settings)));
  if (settings.cases.includes('ledger')) results.push(...(await benchLedgerStore(settings)));
  if (settings.cases.includes('http')) results.push(...(await benchHttp(settings)));
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  if (json) {
    const ratios = settings.inFlight.map((inFlight) => {
      const at = (system: System) => results.find((result) => result.system === system && result.inFlight === inFlight);
      const emmett = at('emmett')?.opsPerSecond ?? NaN;
      return { inFlight, ledgerOverEmmett: (at('ledger')?.opsPerSecond ?? NaN) / emmett, httpOverEmmett: (at('http')?.opsPerSecond ?? NaN) / emmett };
    });
    const raw = { date: new Date().toISOString(), node: process.version, cores: cpus().length, payloadBytes: sample, streamLength: STREAM_LENGTH, ...settings, results, ratios };
    log(table(results));
    console.log(JSON.stringify(raw, null, 2));
  } else {
    console.log(table(results));
  }
}

runBenchWithCleanUp(main);
