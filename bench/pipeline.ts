/**
 * npm run bench:pipeline -- [--events 20000] [--rate 500] [--burst-seconds 30] [--failover-rate 100] [--json]
 *
 * The goals of issue 11, each measured, in production mode as it runs: the API (with the outbox
 * relay) and the projectors in processes of their own (test/support/service-process.ts), on the
 * local PostgreSQL and Kafka, in database policy_ledger_bench_pipeline (and a copy of it,
 * policy_ledger_bench_pipeline_one) with topics and consumer groups under `bench-pipeline-<pid>`:
 *   1. import     `POST /imports` of N facts (NDJSON, shipments and aid requests in turn): facts/s;
 *   2. relay      N events appended through the store while no relay runs, then the API started:
 *                 from the last look at the full backlog to an empty outbox: events/s (a relay
 *                 whose outbox stops shrinking for 30 s ends the run with its last warning);
 *   3. catch-up   the 2N events on Kafka, one projector with a consumer group of its own on a copy
 *                 of the database with empty read models: events/s per projection;
 *   4. two        the same backlog, two projectors (another group) on the database: speed-up;
 *   5. burst      commands (`POST /shipments` and `POST /aid-requests` in turn) at a fixed rate,
 *                 each read back with `?minPosition=`: end-to-end p50/p99, and how long after the
 *                 last command the projections reach the head;
 *   6. failover   writes at a steady rate, `kill -9` of one of the two projectors: how long until
 *                 the reported position (GET /projections) moves again, and until every event
 *                 written before the kill is applied;
 *   7. API RSS    VmRSS of each API process sampled every 250 ms throughout, and its VmHWM.
 * The API and the projectors run from dist/ (built first, `nest build`), as `npm run start:api`
 * and `start:projector` run them. The catch-up projectors run with PROJECTOR_HEAL_AFTER_MS at its
 * maximum, so they read the backlog from Kafka only (not from the store, which the heal would do
 * for events published over 3 s ago).
 * Beside each figure, the CPU used meanwhile (the machine's, each service process's, PostgreSQL's,
 * the broker's, this process's, others'), read from /proc.
 * Progress goes to stderr, the table of figures against goals to stdout; with --json the raw
 * figures go to stdout and the table to stderr. Everything is dropped at the end, on error or
 * Ctrl-C too.
 */
import 'reflect-metadata';
import { projections } from '@policy-ledger/projections';
import { Ledger, loadConfig } from '@policy-ledger/runtime';
import { dprkShipment, ukraineAidRequest } from '@policy-ledger/testing';
import type { NewEvent, StreamWrite } from '@policy-ledger/event-store';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg } from 'node:os';
import pino from 'pino';
import { Client } from 'pg';
import { runService, type Service } from '../test/support/service-process';
import { apiUrl, assertKafkaAnswers, benchAuthorization, checkInterrupted, deleteKafkaScope, freshDatabase, httpText, isInterrupted, KAFKA_BROKER, log, onCleanUp, onServer, option, percentile, PG_SERVER, runBenchWithCleanUp, stopService, UNLIMITED } from './bench-ledger';

const DATABASE = 'policy_ledger_bench_pipeline';
const COPY = `${DATABASE}_one`;
/** The most lines one `POST /imports` takes is 100,000; larger runs send several. */
const IMPORT_LINES = 50_000;
const APPEND_BATCH = 500;
const SESSION_TIMEOUT_MS = loadConfig({}).PROJECTOR_SESSION_TIMEOUT_MS;
const HEAL_NEVER_MS = '3600000';
/** A relay whose outbox has not shrunk for this long is stalled. */
const STALL_MS = 30_000;

const goals = {
  importFactsPerSecond: 20_000,
  relayEventsPerSecond: 20_000,
  catchUpEventsPerSecond: 10_000,
  speedUp: 1.7,
  failoverSeconds: SESSION_TIMEOUT_MS / 1000,
  behindSeconds: 1,
  endToEndP99Ms: 100,
  apiRssMb: 300,
} as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();

// --- the API's memory, sampled through the run ---

interface RssFigures {
  process: string;
  maxRssMb: number;
  hwmMb: number;
}

/** Samples VmRSS of a process every 250 ms; `stop` reads its VmHWM (the process still alive) and ends the sampling. */
function sampleRss(label: string, pid: number): { stop(): RssFigures } {
  const read = (field: 'VmRSS' | 'VmHWM') => {
    try {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  let maxRssMb = read('VmRSS');
  const timer = setInterval(() => (maxRssMb = Math.max(maxRssMb, read('VmRSS'))), 250);
  return {
    stop() {
      clearInterval(timer);
      const hwmMb = read('VmHWM');
      return { process: label, maxRssMb: Math.max(maxRssMb, read('VmRSS')), hwmMb };
    },
  };
}

// --- CPU use while a figure is measured: is it CPU-bound? ---

interface CpuUse {
  /** Busy share of all the machine's cores, by every process. */
  machinePercent: number;
  /** In % of one core: each service process, PostgreSQL (every postgres process), the Kafka broker (java), this benchmark, and what is left: others. */
  processes: Record<string, number>;
}

function machineTicks(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

/** utime + stime of a process, in seconds (clock ticks of 1/100 s), and its command name; undefined once it is gone. */
function processCpu(pid: number): { comm: string; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(') ')), seconds: (Number(fields[11]) + Number(fields[12])) / 100 };
  } catch {
    return undefined;
  }
}

const SHARED_SERVICES: Record<string, string> = { postgres: 'postgres', java: 'kafka' };

/** CPU seconds of the shared services' processes (PostgreSQL, the Kafka broker), by pid. */
function sharedServices(): Map<number, { group: string; seconds: number }> {
  const found = new Map<number, { group: string; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = processCpu(Number(entry));
    const group = cpu && SHARED_SERVICES[cpu.comm];
    if (cpu && group) found.set(Number(entry), { group, seconds: cpu.seconds });
  }
  return found;
}

function cpuMeter(processes: Record<string, number | undefined>): { stop(): CpuUse } {
  const started = now();
  const machine = machineTicks();
  const bench = process.cpuUsage();
  const shared = sharedServices();
  const before = Object.entries(processes).map(([name, pid]) => ({ name, pid: pid ?? 0, seconds: processCpu(pid ?? 0)?.seconds ?? NaN }));
  return {
    stop() {
      const wall = (now() - started) / 1000;
      const after = machineTicks();
      const seconds: Record<string, number> = Object.fromEntries(before.map(({ name, pid, seconds: then }) => [name, (processCpu(pid)?.seconds ?? NaN) - then]));
      for (const [pid, { group, seconds: then }] of sharedServices()) seconds[group] = (seconds[group] ?? 0) + then - (shared.get(pid)?.seconds ?? 0);
      const own = process.cpuUsage(bench);
      seconds.bench = (own.user + own.system) / 1e6;
      const busyCores = ((after.busy - machine.busy) / Math.max(1, after.total - machine.total)) * cpus().length;
      const measured = Object.values(seconds).reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
      seconds.others = Math.max(0, busyCores * wall - measured);
      return {
        machinePercent: Math.round((busyCores / cpus().length) * 100),
        processes: Object.fromEntries(Object.entries(seconds).map(([name, s]) => [name, Math.round((s / wall) * 100)])),
      };
    },
  };
}

/** `machine 97% busy: api 60, postgres 45, …` (each in % of one core). */
const describeCpu = (cpu: CpuUse) => `machine ${cpu.machinePercent}% busy: ${Object.entries(cpu.processes).map(([name, percent]) => `${name} ${percent}`).join(', ')} (% of a core)`;

// --- the run's resources ---

interface Run {
  url: string;
  scope: string;
  auth: { authorization: string };
  events: number;
  rss: RssFigures[];
}

function serviceEnv(run: Run, databaseUrl: string, group: string, extra: Record<string, string> = {}): Record<string, string> {
  return { DATABASE_URL: databaseUrl, KAFKA_BROKERS: KAFKA_BROKER, KAFKA_TOPIC_PREFIX: run.scope, PROJECTOR_GROUP_PREFIX: `${run.scope}.${group}`, PORT: '0', PROJECTOR_PORT: '0', ...UNLIMITED, ...extra };
}

/** Spawns the API on the run's database, its memory sampled until it stops; `ready` is its URL once it listens. */
function spawnApi(run: Run, label: string, extra: Record<string, string> = {}): { service: Service; ready: Promise<string>; stop(): Promise<void> } {
  const service = runService('api', serviceEnv(run, run.url, 'api', extra), 'dist');
  const sampler = sampleRss(label, service.child.pid ?? 0);
  let sampling = true;
  const stop = onCleanUp(`API process (${label})`, async () => {
    if (sampling) run.rss.push(sampler.stop());
    sampling = false;
    await stopService(service);
  });
  return { service, ready: apiUrl(service), stop };
}

function startProjector(run: Run, databaseUrl: string, group: string, label: string, extra: Record<string, string> = {}): { service: Service; stop(): Promise<void> } {
  const service = runService('projector', serviceEnv(run, databaseUrl, group, extra), 'dist');
  return { service, stop: onCleanUp(`projector process (${label})`, () => stopService(service)) };
}

/** Resolves at the time (performance.now()) the projector logged that it subscribed. */
async function subscribedAt(projector: Service): Promise<number> {
  await projector.waitForLog((line) => line.msg === 'projector: subscribed', 120_000);
  return now();
}

async function withClient<T>(databaseUrl: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'policy-ledger-bench-pipeline' });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

// --- 1. bulk import ---

function importLine(i: number): string {
  const id = `imp-${i}`;
  return JSON.stringify(i % 2 === 0 ? { path: '/shipments', body: { id, ...dprkShipment } } : { path: '/aid-requests', body: { id, ...ukraineAidRequest } });
}

async function benchImport(run: Run, base: string, agent: Agent, pid: number | undefined): Promise<{ seconds: number; factsPerSecond: number; bytes: number; cpu: CpuUse }> {
  const meter = cpuMeter({ api: pid });
  let seconds = 0;
  let bytes = 0;
  for (let start = 0; start < run.events; start += IMPORT_LINES) {
    checkInterrupted();
    const body = Array.from({ length: Math.min(IMPORT_LINES, run.events - start) }, (_, k) => importLine(start + k)).join('\n');
    bytes += Buffer.byteLength(body);
    const sent = now();
    const { status, text } = await httpText(`${base}/imports`, { method: 'POST', agent, headers: { 'content-type': 'application/x-ndjson', ...run.auth }, body });
    seconds += (now() - sent) / 1000;
    const last = JSON.parse(text.trim().split('\n').at(-1) ?? '{}') as { summary?: { lines: number; created: number }; error?: unknown };
    if (status !== 200 || !last.summary || last.summary.created !== last.summary.lines || last.error) {
      throw new Error(`POST /imports answered ${status}: ${text.slice(0, 500)} … ${text.slice(-500)}`);
    }
  }
  return { seconds, factsPerSecond: run.events / seconds, bytes, cpu: meter.stop() };
}

async function unpublished(client: Client): Promise<number> {
  return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')).rows[0]?.n ?? 0;
}

async function waitUntil(what: string, timeoutMs: number, done: () => Promise<boolean>, everyMs = 100): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    checkInterrupted();
    if (await done()) return now();
    if (Date.now() > deadline) throw new Error(`${what}: not done after ${timeoutMs / 1000} s`);
    await sleep(everyMs);
  }
}

// --- 2. relay ---

/** N events appended through the store, with no relay running: copies of the imported facts' events on new streams. */
async function appendBacklog(ledger: Ledger, events: number): Promise<void> {
  const template = async (streamType: string, streamId: string) => {
    const stored = (await ledger.store.readStream(streamId)).events[0];
    if (!stored) throw new Error(`no event in ${streamId}: the import stored nothing?`);
    return { streamType, stored };
  };
  const templates = [await template('shipment', 'shipment-imp-0'), await template('aid-request', 'aid-request-imp-1')];
  for (let start = 0; start < events; start += APPEND_BATCH) {
    checkInterrupted();
    const writes: StreamWrite[] = Array.from({ length: Math.min(APPEND_BATCH, events - start) }, (_, k) => {
      const i = start + k;
      const { streamType, stored } = templates[i % 2] as (typeof templates)[number];
      // As the command executor makes it: the fact's dates beside its data.
      const { occurredAt, reportedAt } = stored.data;
      const event: NewEvent = { type: stored.type, schemaVersion: stored.schemaVersion, data: stored.data, metadata: { ...stored.metadata, correlationId: `bench-backlog-${i}` }, occurredAt, reportedAt };
      return { streamId: `${streamType}-backlog-${i}`, streamType, expectedVersion: 0, events: [event] };
    });
    await ledger.store.appendMany(writes);
  }
}

interface OutboxWatch {
  /** false: the backlog did not shrink for STALL_MS; `pending` were left. */
  drained: boolean;
  pending: number;
  /** When stalled: the relay's last warning, as it logged it. */
  relayWarning?: string;
  /** Published from the last look at the whole backlog (or the first look) to the end. */
  events: number;
  seconds: number;
  cpu: CpuUse;
}

/**
 * Watches the outbox while an API's relay publishes it: from the last look that saw the whole
 * backlog (or the first look, should the relay be quicker) until it is empty, or until it has not
 * shrunk for STALL_MS.
 */
async function watchOutbox(client: Client, api: Service): Promise<OutboxWatch> {
  const backlog = await unpublished(client);
  let from: { at: number; pending: number; meter: ReturnType<typeof cpuMeter> } | undefined;
  let last = { at: now(), pending: backlog };
  const done = await waitUntil('the relay publishing the outbox', 3_600_000, async () => {
    const pending = await unpublished(client);
    if (!from || pending === backlog) from = { at: now(), pending, meter: cpuMeter({ api: api.child.pid }) };
    if (pending !== last.pending) last = { at: now(), pending };
    return pending === 0 || now() - last.at > STALL_MS;
  }, 20);
  const cpu = from?.meter.stop() ?? { machinePercent: NaN, processes: {} };
  const start = from ?? { at: done, pending: 0 };
  const drained = last.pending === 0;
  const warning = drained ? undefined : api.logs.findLast((line) => String(line.msg).startsWith('outbox relay:') && line.err !== undefined);
  const relayWarning = warning && `${String(warning.msg)}: ${JSON.stringify((warning.err as { message?: unknown }).message ?? warning.err)}`;
  return { drained, pending: last.pending, events: start.pending - last.pending, seconds: ((drained ? done : last.at) - start.at) / 1000, cpu, ...(relayWarning ? { relayWarning } : {}) };
}

/** Spawns the API (whose relay starts with it) on a backlog in the outbox, and watches it publish. */
async function benchRelay(run: Run, client: Client): Promise<OutboxWatch> {
  const api = spawnApi(run, 'relay');
  const relay = await watchOutbox(client, api.service);
  await api.stop();
  assertDrained(relay);
  return relay;
}

/** A relay that stopped publishing is a bug, not a figure: the run ends with its last warning. */
function assertDrained(watch: OutboxWatch): void {
  if (!watch.drained) throw new Error(`the relay stalled: none published for ${STALL_MS / 1000} s with ${watch.pending} left; its last warning: ${watch.relayWarning ?? 'none'}`);
}

// --- 3 and 4. catch-up ---

interface CatchUp {
  events: number;
  processes: number;
  /** From the first projector's `subscribed` line to the last projection at the head. */
  seconds: number;
  perProjection: Array<{ name: string; seconds: number; eventsPerSecond: number }>;
  cpu: CpuUse;
}

async function checkpoints(client: Client): Promise<Map<string, number>> {
  const { rows } = await client.query<{ projection: string; position: string }>('SELECT projection, position FROM projection_checkpoints');
  return new Map(rows.map((row) => [row.projection, Number(row.position)]));
}

async function head(client: Client): Promise<number> {
  return Number((await client.query<{ last_position: string }>('SELECT last_position FROM ledger_sequence')).rows[0]?.last_position ?? 0);
}

async function catchUp(run: Run, databaseUrl: string, group: string, processes: number): Promise<{ figures: CatchUp; projectors: Array<{ service: Service; stop(): Promise<void> }> }> {
  return withClient(databaseUrl, async (client) => {
    const target = await head(client);
    const projectors = Array.from({ length: processes }, (_, k) => startProjector(run, databaseUrl, group, `${group} ${k + 1}`, { PROJECTOR_HEAL_AFTER_MS: HEAL_NEVER_MS }));
    const ready = Math.min(...(await Promise.all(projectors.map(({ service }) => subscribedAt(service)))));
    const meter = cpuMeter(Object.fromEntries(projectors.map(({ service }, k) => [`projector ${k + 1}`, service.child.pid])));
    const reached = new Map<string, number>();
    await waitUntil(`${processes} projector(s) catching up`, 900_000, async () => {
      const positions = await checkpoints(client);
      const at = now();
      for (const { name } of projections) if (!reached.has(name) && (positions.get(name) ?? 0) >= target) reached.set(name, at);
      return reached.size === projections.length;
    }, 50);
    const cpu = meter.stop();
    const perProjection = projections.map(({ name }) => {
      const seconds = ((reached.get(name) ?? NaN) - ready) / 1000;
      return { name, seconds, eventsPerSecond: target / seconds };
    });
    return { figures: { events: target, processes, seconds: Math.max(...perProjection.map((p) => p.seconds)), perProjection, cpu }, projectors };
  });
}

// --- 5 and 6. live writes ---

interface ProjectionsStatus {
  head: number;
  projections: Array<{ name: string; position: number }>;
}

async function status(base: string, agent: Agent): Promise<ProjectionsStatus> {
  const { status: code, text } = await httpText(`${base}/projections`, { agent });
  if (code !== 200) throw new Error(`GET /projections answered ${code}: ${text}`);
  return JSON.parse(text) as ProjectionsStatus;
}

const lowest = (s: ProjectionsStatus) => Math.min(...s.projections.map((p) => p.position));

interface Writer {
  /** Resolves once every command sent has its answer (and read-back). */
  stop(): Promise<void>;
  readonly sent: number;
  /** Commands answered (or failed) so far. */
  readonly posted: number;
  readonly latenciesMs: number[];
  /** The command's own answer, without the read-back. */
  readonly postLatenciesMs: number[];
  readonly errors: Map<string, number>;
  readonly lastPosition: number;
}

/**
 * Sends commands at `rate` per second on a fixed schedule (open loop: a slow answer does not
 * delay the next command), in turn `POST /shipments` and `POST /aid-requests`, each a new stream;
 * with `readBack`, each is then read with `?minPosition=<its position>`, and the latency runs from
 * sending the command to the read-back's answer.
 */
function startWriter(base: string, agent: Agent, auth: { authorization: string }, prefix: string, rate: number, readBack: boolean): Writer {
  const latenciesMs: number[] = [];
  const postLatenciesMs: number[] = [];
  const errors = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  const fail = (what: string): void => void errors.set(what, (errors.get(what) ?? 0) + 1);
  let sent = 0;
  let posted = 0;
  let lastPosition = 0;
  let running = true;
  const one = async (i: number) => {
    const id = `${prefix}-${i}`;
    const [path, body] = i % 2 === 0 ? ['shipments', { id, ...dprkShipment }] : ['aid-requests', { id, ...ukraineAidRequest }];
    const started = now();
    try {
      const answer = await httpText(`${base}/${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) }).finally(() => posted++);
      if (answer.status !== 201) return fail(`POST ${answer.status}`);
      postLatenciesMs.push(now() - started);
      const { position } = JSON.parse(answer.text) as { position: number };
      lastPosition = Math.max(lastPosition, position);
      if (readBack) {
        const read = await httpText(`${base}/${path}/${id}?minPosition=${position}`, { agent });
        if (read.status !== 200) return fail(`GET ${read.status}`);
      }
      latenciesMs.push(now() - started);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  };
  const started = now();
  const loop = (async () => {
    while (running && !isInterrupted()) {
      const due = Math.floor(((now() - started) / 1000) * rate);
      while (sent < due) {
        const operation = one(sent++).finally(() => inFlight.delete(operation));
        inFlight.add(operation);
      }
      await sleep(2);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await Promise.all(inFlight);
    },
    get sent() {
      return sent;
    },
    get posted() {
      return posted;
    },
    latenciesMs,
    postLatenciesMs,
    errors,
    get lastPosition() {
      return lastPosition;
    },
  };
}

interface Burst {
  rate: number;
  seconds: number;
  sent: number;
  answered: number;
  /** Commands sent over the time from the first sent to the last answered. */
  storedPerSecond: number;
  errors: Record<string, number>;
  endToEndP50Ms: number;
  endToEndP99Ms: number;
  postP50Ms: number;
  postP99Ms: number;
  /** From the last command sent to every projection at the head as it was then. */
  behindSeconds: number;
  /** From the last command's answer to every projection at the head. */
  behindStoredSeconds: number;
  cpu: CpuUse;
}

async function benchBurst(base: string, agent: Agent, auth: { authorization: string }, rate: number, seconds: number, pids: Record<string, number | undefined>): Promise<Burst> {
  const meter = cpuMeter(pids);
  const writer = startWriter(base, agent, auth, 'burst', rate, true);
  const started = now();
  while (now() - started < seconds * 1000) {
    checkInterrupted();
    await sleep(100);
  }
  // No command is sent after this; those in flight finish.
  const stopping = writer.stop();
  const sent = writer.sent;
  const ended = now();
  const cpu = meter.stop();
  // The head once every command sent is stored (its POST answered): the projections are behind until they reach it.
  const stored = await waitUntil('the answers to the burst', 120_000, async () => writer.posted >= sent, 5);
  const target = (await status(base, agent)).head;
  const caughtUp = await waitUntil('the projections after the burst', 300_000, async () => lowest(await status(base, agent)) >= target, 20);
  await stopping;
  const latencies = Float64Array.from(writer.latenciesMs).sort();
  const posts = Float64Array.from(writer.postLatenciesMs).sort();
  return {
    rate,
    seconds,
    sent,
    answered: latencies.length,
    storedPerSecond: sent / ((stored - started) / 1000),
    errors: Object.fromEntries(writer.errors),
    endToEndP50Ms: percentile(latencies, 50),
    endToEndP99Ms: percentile(latencies, 99),
    postP50Ms: percentile(posts, 50),
    postP99Ms: percentile(posts, 99),
    cpu,
    behindSeconds: (caughtUp - ended) / 1000,
    behindStoredSeconds: (caughtUp - stored) / 1000,
  };
}

interface Failover {
  rate: number;
  /** From the kill to the end of the longest stand-still of the lowest projection position after it. */
  movedAgainSeconds: number;
  longestStillSeconds: number;
  /** From the kill until every event stored before it is applied by every projection. */
  caughtUpSeconds: number;
  errors: Record<string, number>;
}

async function benchFailover(base: string, agent: Agent, auth: { authorization: string }, rate: number, victim: Service): Promise<Failover> {
  const writer = startWriter(base, agent, auth, 'failover', rate, false);
  try {
    await sleep(3000);
    const before = await status(base, agent);
    victim.child.kill('SIGKILL');
    const killed = now();
    log(`  kill -9 of projector pid ${victim.child.pid} at head ${before.head}`);
    const samples: Array<{ at: number; position: number }> = [];
    let caughtUp: number | undefined;
    await waitUntil('the projections after the kill', 120_000, async () => {
      const s = await status(base, agent);
      const at = now();
      samples.push({ at, position: lowest(s) });
      if (caughtUp === undefined && lowest(s) >= before.head) caughtUp = at;
      // Some seconds past the catch-up, to see the stand-still end even if it came later.
      return caughtUp !== undefined && at - caughtUp > 3000 && at - killed > SESSION_TIMEOUT_MS + 5000;
    }, 50);
    let longest = { from: killed, to: killed };
    let still = { from: killed, position: samples[0]?.position ?? 0 };
    for (const sample of samples) {
      if (sample.position === still.position) continue;
      if (sample.at - still.from > longest.to - longest.from) longest = { from: still.from, to: sample.at };
      still = { from: sample.at, position: sample.position };
    }
    return {
      rate,
      movedAgainSeconds: (longest.to - killed) / 1000,
      longestStillSeconds: (longest.to - longest.from) / 1000,
      caughtUpSeconds: ((caughtUp ?? NaN) - killed) / 1000,
      errors: Object.fromEntries(writer.errors),
    };
  } finally {
    await writer.stop();
  }
}

// --- output ---

interface Figures {
  date: string;
  node: string;
  cores: number;
  loadAverageAtStart: number[];
  events: number;
  import: Awaited<ReturnType<typeof benchImport>>;
  relay: OutboxWatch;
  one: CatchUp;
  two: CatchUp;
  speedUp: number;
  burst: Burst;
  failover: Failover;
  rss: RssFigures[];
}

function relayRows(f: Figures): string[][] {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const { relay } = f;
  const rate = relay.events / relay.seconds;
  return [['2. relay (outbox backlog to Kafka)', `${n(rate)} events/s (${n(relay.events)} in ${relay.seconds.toFixed(2)} s)`, `>= ${n(goals.relayEventsPerSecond)} events/s`, rate >= goals.relayEventsPerSecond ? 'yes' : 'no', describeCpu(relay.cpu)]];
}

function table(f: Figures): string {
  const met = (ok: boolean) => (ok ? 'yes' : 'no');
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const maxRss = Math.max(...f.rss.map((r) => Math.max(r.maxRssMb, r.hwmMb)));
  const rows: string[][] = [
    ['1. bulk import (`POST /imports`)', `${n(f.import.factsPerSecond)} facts/s (${n(f.events)} in ${f.import.seconds.toFixed(2)} s)`, `>= ${n(goals.importFactsPerSecond)} facts/s`, met(f.import.factsPerSecond >= goals.importFactsPerSecond), describeCpu(f.import.cpu)],
    ...relayRows(f),
    ...f.one.perProjection.map((p, k) => [`3. catch-up, 1 projector: ${p.name}`, `${n(p.eventsPerSecond)} events/s (${n(f.one.events)} in ${p.seconds.toFixed(2)} s)`, `>= ${n(goals.catchUpEventsPerSecond)} events/s`, met(p.eventsPerSecond >= goals.catchUpEventsPerSecond), k === 0 ? describeCpu(f.one.cpu) : '']),
    ...f.two.perProjection.map((p, k) => [`4. catch-up, 2 projectors: ${p.name}`, `${n(p.eventsPerSecond)} events/s (${p.seconds.toFixed(2)} s)`, '-', '-', k === 0 ? describeCpu(f.two.cpu) : '']),
    ['4. speed-up of 2 projectors over 1 (every projection at the head)', `${f.speedUp.toFixed(2)}x (${f.one.seconds.toFixed(2)} s / ${f.two.seconds.toFixed(2)} s)`, `>= ${goals.speedUp}x`, met(f.speedUp >= goals.speedUp), ''],
    [
      '5. failover: the position moves again after kill -9 of 1 of 2 projectors',
      `${f.failover.movedAgainSeconds.toFixed(1)} s (still for ${f.failover.longestStillSeconds.toFixed(1)} s; all written before the kill applied after ${f.failover.caughtUpSeconds.toFixed(1)} s; writes at ${n(f.failover.rate)}/s)`,
      `<= ${goals.failoverSeconds} s (session timeout)`,
      met(f.failover.movedAgainSeconds <= goals.failoverSeconds),
      '',
    ],
    ['6. burst: projections behind at its end', `${f.burst.behindSeconds.toFixed(2)} s after the last command sent, ${f.burst.behindStoredSeconds.toFixed(2)} s after the last answered (${n(f.burst.sent)} commands sent in ${f.burst.seconds} s, stored at ${n(f.burst.storedPerSecond)}/s)`, `< ${goals.behindSeconds} s`, met(f.burst.behindSeconds < goals.behindSeconds), describeCpu(f.burst.cpu)],
    [
      `6. burst: end-to-end lag (POST, then GET ?minPosition=) at ${n(f.burst.rate)}/s`,
      `p99 ${f.burst.endToEndP99Ms.toFixed(0)} ms, p50 ${f.burst.endToEndP50Ms.toFixed(0)} ms (the POST alone: p99 ${f.burst.postP99Ms.toFixed(0)} ms, p50 ${f.burst.postP50Ms.toFixed(0)} ms)${Object.keys(f.burst.errors).length ? `; failed: ${JSON.stringify(f.burst.errors)}` : ''}`,
      `p99 < ${goals.endToEndP99Ms} ms`,
      met(f.burst.endToEndP99Ms < goals.endToEndP99Ms && Object.keys(f.burst.errors).length === 0),
      '',
    ],
    ['7. API RSS, largest of the run', `${maxRss.toFixed(0)} MB (${f.rss.map((r) => `${r.process} ${r.maxRssMb.toFixed(0)}/${r.hwmMb.toFixed(0)}`).join(', ')}: sampled max/VmHWM)`, `< ${goals.apiRssMb} MB`, met(maxRss < goals.apiRssMb), ''],
  ];
  const header = ['goal', 'figure', 'target', 'met', 'CPU meanwhile'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

// --- the run ---

async function main(): Promise<void> {
  const events = Number(option('events', '20000'));
  const rate = Number(option('rate', '500'));
  const burstSeconds = Number(option('burst-seconds', '30'));
  const failoverRate = Number(option('failover-rate', '100'));
  if (![events, rate, burstSeconds, failoverRate].every((x) => Number.isInteger(x) && x > 0) || events < 2) {
    throw new Error('--events (at least 2), --rate, --burst-seconds and --failover-rate take positive integers');
  }
  const json = process.argv.includes('--json');
  const date = new Date().toISOString();
  log(`bench:pipeline at ${date}: ${events} events, burst ${rate}/s for ${burstSeconds} s, failover writes ${failoverRate}/s; node ${process.version}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  await assertKafkaAnswers();
  log('building the API and the projector (nest build), which run from dist/');
  execFileSync('npx', ['nest', 'build', 'api'], { stdio: 'inherit' });
  execFileSync('npx', ['nest', 'build', 'projector'], { stdio: 'inherit' });
  const url = await freshDatabase(DATABASE);
  const scope = `bench-pipeline-${process.pid}`;
  onCleanUp(`Kafka topics and consumer groups ${scope}.*`, () => deleteKafkaScope(scope, scope));
  const run: Run = { url, scope, auth: { authorization: '' }, events, rss: [] };

  // The schema and a reporter key, made here; the services find both. The ledger's store appends the relay's backlog.
  const ledger = await Ledger.open(loadConfig({ DATABASE_URL: url, KAFKA_BROKERS: KAFKA_BROKER, KAFKA_TOPIC_PREFIX: scope, LOG_LEVEL: 'warn' }), pino({ level: 'warn' }, pino.destination(2)), 'bench-pipeline');
  const closeLedger = onCleanUp('the bench ledger', () => ledger.close());
  run.auth = await benchAuthorization(ledger);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  onCleanUp('HTTP agent', async () => agent.destroy());

  // 1. Import, with the API's relay publishing as it goes (as in production); no projector yet.
  log(`1. import: POST /imports of ${events} facts (shipments and aid requests in turn)`);
  const poll = new Client({ connectionString: url, application_name: 'policy-ledger-bench-pipeline' });
  await poll.connect();
  const closePoll = onCleanUp('database poller', () => poll.end());
  const importer = spawnApi(run, 'import');
  const imported = await benchImport(run, await importer.ready, agent, importer.service.child.pid);
  log(`  ${Math.round(imported.factsPerSecond)} facts/s (${(imported.bytes / 2 ** 20).toFixed(1)} MiB of NDJSON in ${imported.seconds.toFixed(2)} s); waiting for the relay to publish them`);
  const importRelay = await watchOutbox(poll, importer.service);
  await importer.stop();
  assertDrained(importRelay);

  // 2. Relay: a backlog appended through the store while no relay runs, then the API started.
  log(`2. relay: ${events} events appended with no relay running, then the API started`);
  await appendBacklog(ledger, events);
  const relay = await benchRelay(run, poll);
  log(`  ${Math.round(relay.events / relay.seconds)} events/s (${relay.events} in ${relay.seconds.toFixed(2)} s)`);

  // 3. One projector, on a copy of the database (read models empty, no connection to it may stay open for the copy).
  await closeLedger();
  await closePoll();
  await onServer(`DROP DATABASE IF EXISTS ${COPY} WITH (FORCE)`);
  const dropCopy = onCleanUp(`database ${COPY}`, () => onServer(`DROP DATABASE IF EXISTS ${COPY} WITH (FORCE)`));
  await onServer(`CREATE DATABASE ${COPY} TEMPLATE ${DATABASE}`);
  log(`3. catch-up: one projector, consumer group ${scope}.one.*, on a copy of the database`);
  const one = await catchUp(run, `${PG_SERVER}/${COPY}`, 'one', 1);
  for (const p of one.figures.perProjection) log(`  ${p.name}: ${Math.round(p.eventsPerSecond)} events/s (${one.figures.events} in ${p.seconds.toFixed(2)} s)`);
  for (const projector of one.projectors) await projector.stop();
  await dropCopy();

  // 4. Two projectors, another consumer group, on the database itself.
  log(`4. catch-up: two projectors, consumer group ${scope}.two.*`);
  const two = await catchUp(run, url, 'two', 2);
  for (const p of two.figures.perProjection) log(`  ${p.name}: ${Math.round(p.eventsPerSecond)} events/s (${p.seconds.toFixed(2)} s)`);
  const speedUp = one.figures.seconds / two.figures.seconds;
  log(`  speed-up ${speedUp.toFixed(2)}x`);

  // 5. Burst, then 6. failover, with the API and two projectors of that group as production runs
  // them: the healer on, at its default (PROJECTOR_HEAL_AFTER_MS).
  for (const projector of two.projectors) await projector.stop();
  const projectors = [1, 2].map((k) => startProjector(run, url, 'two', `two ${k}, healer on`));
  await Promise.all(projectors.map(({ service }) => subscribedAt(service)));
  const live = spawnApi(run, 'burst+failover');
  const base = await live.ready;
  log(`5. burst: ${rate} commands/s for ${burstSeconds} s, each read back with ?minPosition=`);
  const burst = await benchBurst(base, agent, run.auth, rate, burstSeconds, { api: live.service.child.pid, ...Object.fromEntries(projectors.map(({ service }, k) => [`projector ${k + 1}`, service.child.pid])) });
  log(`  sent ${burst.sent}, stored at ${Math.round(burst.storedPerSecond)}/s, read back ${burst.answered}, end-to-end p50 ${burst.endToEndP50Ms.toFixed(0)} ms, p99 ${burst.endToEndP99Ms.toFixed(0)} ms (the POST alone: p50 ${burst.postP50Ms.toFixed(0)} ms, p99 ${burst.postP99Ms.toFixed(0)} ms); behind ${burst.behindSeconds.toFixed(2)} s at the end (${burst.behindStoredSeconds.toFixed(2)} s after the last answer)${Object.keys(burst.errors).length ? `; failed: ${JSON.stringify(burst.errors)}` : ''}`);
  log(`6. failover: ${failoverRate} commands/s, kill -9 of one of the two projectors`);
  const victim = projectors[1];
  if (!victim) throw new Error('no second projector');
  const failover = await benchFailover(base, agent, run.auth, failoverRate, victim.service);
  log(`  position moved again ${failover.movedAgainSeconds.toFixed(1)} s after the kill (still for ${failover.longestStillSeconds.toFixed(1)} s); all written before it applied after ${failover.caughtUpSeconds.toFixed(1)} s`);
  await live.stop();
  for (const projector of projectors) await projector.stop();

  const figures: Figures = { date, node: process.version, cores: cpus().length, loadAverageAtStart: loadavg(), events, import: imported, relay, one: one.figures, two: two.figures, speedUp, burst, failover, rss: run.rss };
  if (json) {
    log(table(figures));
    console.log(JSON.stringify(figures, null, 2));
  } else {
    console.log(table(figures));
  }
}

runBenchWithCleanUp(main);
