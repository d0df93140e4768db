/**
 * npm run test:faults: the fault suite. Under a bounded load of commands over HTTP it kills the API
 * (production and embedded) and the projector with kill -9, stops the Kafka broker for 30 s and
 * restarts PostgreSQL; after each fault it checks that every command answered 201 is in the log
 * exactly once, that the log is gapless, that every read model equals a rebuild from scratch and
 * (production) that Kafka holds each stream's events in order. It prints one table row per fault
 * and exits non-zero on any failure.
 *
 * It runs on a PostgreSQL cluster and a Kafka broker of its own (temporary, on free ports), the
 * built service (`npm run build`, done first) as child processes, and removes all of it at the end,
 * also on failure or Ctrl-C. Settings: FAULTS_CLIENTS (8), FAULTS_SEED (random), FAULTS_KAFKA_DOWN_S
 * (30), FAULTS_ONLY (a comma list of embedded, api, projector, kafka, postgres: only those),
 * FAULTS_SKIP_BUILD=1 (use the dist/ there is), FAULTS_KEEP=1 (keep logs and data).
 */
import { PgliteDatabase } from '@policy-ledger/event-store';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkKafka, checkLog, logCounts, readLog, rebuildInProcess, rebuildOverHttp, waitCaughtUp, withClient } from './checks';
import { OwnKafka } from './kafka';
import { type CommandRecord, Load } from './load';
import { Leftovers } from './leftovers';
import { OwnPostgres } from './postgres';
import { type Child, Cleanup, freePort, onSpawn, run, say, sleep, tail } from './processes';
import { Service } from './service';

const ROOT = resolve(__dirname, '../..');
const CLIENTS = Number(process.env.FAULTS_CLIENTS ?? 8);
const SEED = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const KAFKA_DOWN_MS = 1000 * Number(process.env.FAULTS_KAFKA_DOWN_S ?? 30);
/** Load before the fault, and after the service has recovered from it. */
const LOAD_BEFORE_MS = 5000;
const LOAD_AFTER_MS = 5000;
const PG_DOWN_MS = 5000;
const ONLY = process.env.FAULTS_ONLY?.split(',').map((fault) => fault.trim());
/** FAULTS_ONLY=embedded,api,projector,kafka,postgres runs only those (all by default). */
const wanted = (fault: string) => !ONLY || ONLY.includes(fault);
const DATABASE = 'policy_ledger_faults';
const TOPIC_PREFIX = 'policy-ledger';

interface Row {
  fault: string;
  mode: 'production' | 'embedded';
  sent: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  gapless?: boolean;
  rebuild?: boolean;
  kafka?: boolean;
  seconds: number;
  problems: string[];
  notes: string[];
  /** Its checks could not finish (e.g. the read models never caught up): the faults after it are not run. */
  unfinished?: boolean;
}

const yesNo = (value: boolean | undefined, na = false) => (na ? 'n/a' : value === undefined ? '?' : value ? 'yes' : 'NO');

function table(rows: readonly Row[]): string {
  const head = ['fault', 'mode', 'sent', 'acknowledged (201)', 'lost', 'duplicated', 'gapless', 'read models = rebuild', 'Kafka order', 'duration'];
  const body = rows.map((row) => [
    row.fault,
    row.mode,
    String(row.sent),
    String(row.acknowledged),
    String(row.lost),
    String(row.duplicated),
    yesNo(row.gapless),
    yesNo(row.rebuild),
    yesNo(row.kafka, row.mode === 'embedded'),
    `${row.seconds.toFixed(0)} s`,
  ]);
  const widths = head.map((cell, index) => Math.max(cell.length, ...body.map((line) => (line[index] as string).length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, index) => cell.padEnd(widths[index] as number)).join(' | ')} |`;
  return [line(head), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** What the load met, for the progress lines. */
function loadSummary(load: Load): string {
  const records = load.records;
  const count = (outcome: string) => records.filter((record) => record.outcome === outcome).length;
  const statuses = Object.entries(load.counters.byStatus)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
  const replayed = records.filter((record) => record.replayed).length;
  return (
    `${records.length} commands, ${count('acknowledged')} acknowledged (${replayed} as a remembered answer), ${count('rejected')} rejected, ` +
    `${count('unanswered')} unanswered; ${load.counters.attempts} requests (${statuses}; ${load.counters.connectionErrors} connection errors, ${load.counters.timeouts} time-outs)`
  );
}

/** From the fault to the recovery (the service answering again, the broker or database back). */
class Outage {
  from: number | undefined;
  to: number | undefined;
  begin(): void {
    this.from = Date.now();
  }
  end(): void {
    this.to = Date.now();
  }
}

const outages = new WeakMap<Row, Outage>();

/**
 * A process of the service killed with SIGKILL and started again (`start` answers how long it
 * took to answer or run again): what happened, for the notes.
 */
async function killAndRestart(outage: Outage, child: () => Child | undefined, start: () => Promise<number>, how: { where: string; back: string }): Promise<string> {
  const pid = child()?.pid;
  outage.begin();
  await child()?.kill9();
  await sleep(1000);
  const seconds = await start();
  outage.end();
  return `killed pid ${pid} with SIGKILL; restarted${how.where} (pid ${child()?.pid}), ${how.back} after ${seconds.toFixed(1)} s`;
}

class Suite {
  readonly rows: Row[] = [];
  readonly cleanup = new Cleanup();
  readonly runId = `f${Date.now().toString(36)}`;
  readonly work = join(ROOT, '.cache/faults', this.runId);
  readonly leftovers = new Leftovers(join(ROOT, '.cache/faults/leftovers.json'));
  failed = false;

  /** Runs a fault under load and checks the ledger after it. */
  async fault(fault: string, service: Service, inject: (outage: Outage) => Promise<string>, check: (load: Load, row: Row) => Promise<void>): Promise<Row> {
    const t0 = Date.now();
    const row: Row = { fault, mode: service.mode, sent: 0, acknowledged: 0, lost: 0, duplicated: 0, seconds: 0, problems: [], notes: [] };
    this.rows.push(row);
    const load = new Load({
      url: () => service.url,
      secret: this.secrets.get(service.mode) as string,
      clients: CLIENTS,
      prefix: `${this.runId}-${this.rows.length}`,
      seed: SEED + this.rows.length,
      deadlineMs: 90_000,
      requestTimeoutMs: 15_000,
      pauseMs: 20,
    });
    say(`${fault} (${service.mode}): ${CLIENTS} clients posting commands`);
    load.start();
    try {
      await sleep(LOAD_BEFORE_MS);
      say(`${fault}: ${load.records.length} commands so far, ${load.acknowledged} acknowledged; the fault now`);
      const outage = new Outage();
      const note = await inject(outage);
      row.notes.push(note);
      say(`${fault}: ${note}; load goes on ${LOAD_AFTER_MS / 1000} s`);
      outages.set(row, outage);
      await sleep(LOAD_AFTER_MS);
    } finally {
      say(`${fault}: stopping the load, draining the commands under way`);
      await load.stop();
    }
    say(`${fault}: ${loadSummary(load)}`);
    const outage = outages.get(row);
    if (outage?.from && outage.to) {
      const { from, to } = outage;
      const during = load.records.filter((record) => record.answeredAt !== undefined && record.answeredAt >= from && record.answeredAt <= to).length;
      row.notes.push(`${during} command${during === 1 ? '' : 's'} acknowledged during the ${((to - from) / 1000).toFixed(1)} s from the fault to the recovery`);
    }
    row.sent = load.records.length;
    row.acknowledged = load.acknowledged;
    for (const record of load.records.filter((r) => r.outcome === 'rejected' || r.outcome === 'unanswered').slice(0, 10)) {
      row.problems.push(`${record.outcome}: ${record.key} ${record.path}: ${record.detail ?? ''}`);
    }
    if (row.acknowledged === 0) row.problems.push('no command was acknowledged: the load did not work');
    try {
      await check(load, row);
    } catch (error) {
      row.problems.push(`check failed: ${(error as Error).message}`);
      row.unfinished = true;
    }
    const deaths = service.deaths.concat(this.kafka?.deaths ?? []);
    for (const death of deaths) if (!row.problems.includes(death)) row.problems.push(death);
    // Counted once: the next fault starts with a clean slate.
    service.api.deaths.length = 0;
    if (service.projector) service.projector.deaths.length = 0;
    row.seconds = (Date.now() - t0) / 1000;
    if (row.problems.length > 0) {
      this.failed = true;
      say(`${fault}: FAILED`);
      for (const problem of row.problems) console.log(`    ${problem}`);
    } else {
      say(`${fault}: passed in ${row.seconds.toFixed(0)} s`);
    }
    return row;
  }

  /** The log checks common to both modes; the read-model and Kafka checks are the mode's own. */
  async checkLogOver(service: Service, load: Load, row: Row) {
    say(`${row.fault}: waiting for the read models to catch up`);
    const status = await waitCaughtUp(service.url, 120_000);
    say(`${row.fault}: caught up at position ${status.head}; reading the log`);
    const log = await readLog(service.url);
    const verdict = checkLog(load.records, log);
    row.lost = verdict.lost.length;
    row.duplicated = verdict.duplicated.length;
    row.gapless = verdict.gapless;
    row.problems.push(...verdict.problems);
    // The commands of the earlier faults on this ledger must still be there, once each.
    const earlier = this.history.get(service.mode) ?? [];
    const again = checkLog(earlier, log);
    if (again.lost.length + again.duplicated.length > 0) {
      row.problems.push(`commands of earlier faults: ${again.lost.length} lost, ${again.duplicated.length} duplicated since`, ...again.problems);
    }
    this.history.set(service.mode, [...earlier, ...load.records]);
    return log;
  }

  /** Every command sent so far, per mode (each mode has a ledger of its own). */
  private readonly history = new Map<string, CommandRecord[]>();

  readonly secrets = new Map<string, string>();
  pg: OwnPostgres | undefined;
  kafka: OwnKafka | undefined;

  async infrastructure(): Promise<void> {
    const [pg, kafka] = await Promise.all([
      (async () => {
        const pg = await OwnPostgres.create();
        this.leftovers.add({ dir: pg.dir, pgData: pg.data });
        this.cleanup.add('postgres', () => pg.destroy());
        await pg.start();
        await pg.createDatabase(DATABASE);
        say(`postgres: own cluster on 127.0.0.1:${pg.port} (data in ${pg.dir}, fsync on)`);
        return pg;
      })(),
      (async () => {
        const kafka = await OwnKafka.create(ROOT, join(this.work, 'kafka'));
        this.cleanup.add('kafka', () => kafka.stop());
        await kafka.start();
        return kafka;
      })(),
    ]);
    this.pg = pg;
    this.kafka = kafka;
  }

  async embedded(): Promise<void> {
    const dataDir = join(this.work, 'embedded');
    const service = new Service('embedded', ROOT, await freePort(), { DATA_DIR: dataDir }, this.work, join(dataDir, 'admin-key'));
    this.cleanup.add('embedded service', () => service.stop());
    const seconds = await service.startApi();
    say(`embedded: API answering on ${service.url} in ${seconds.toFixed(1)} s (pid ${service.api.pid}, PGlite in ${dataDir})`);
    this.secrets.set('embedded', await service.makeKey('fault-load', 'reporter'));

    await this.fault(
      'kill -9 API',
      service,
      (outage) => killAndRestart(outage, () => service.api, () => service.startApi(), { where: ' on the same DATA_DIR', back: 'answering' }),
      async (load, row) => {
        await this.checkLogOver(service, load, row);
        say(`${row.fault}: stopping the embedded service to rebuild its read models from scratch (PGlite serves one process)`);
        const late = await service.stop();
        if (late.length > 0) row.problems.push(`${late.join(', ')} did not stop within 20 s of SIGTERM`);
        const db = await PgliteDatabase.open(dataDir);
        try {
          const differences = await rebuildInProcess(db);
          row.rebuild = differences.length === 0;
          row.problems.push(...differences);
        } finally {
          await db.close();
        }
      },
    );
    await service.stop();
  }

  async production(): Promise<void> {
    const pg = this.pg as OwnPostgres;
    const kafka = this.kafka as OwnKafka;
    const databaseUrl = pg.url(DATABASE);
    const service = new Service(
      'production',
      ROOT,
      await freePort(),
      { DATABASE_URL: databaseUrl, KAFKA_BROKERS: kafka.brokers, ADMIN_KEY_FILE: join(this.work, 'admin-key'), KAFKA_TOPIC_PREFIX: TOPIC_PREFIX },
      this.work,
      join(this.work, 'admin-key'),
    );
    this.cleanup.add('production service', () => service.stop());
    const apiSeconds = await service.startApi();
    const projectorSeconds = await service.startProjector();
    say(`production: API on ${service.url} in ${apiSeconds.toFixed(1)} s (pid ${service.api.pid}), projector in ${projectorSeconds.toFixed(1)} s (pid ${service.projector?.pid})`);
    this.secrets.set('production', await service.makeKey('fault-load', 'reporter'));

    const check = async (load: Load, row: Row) => {
      const log = await this.checkLogOver(service, load, row);
      const counts = await withClient(databaseUrl, logCounts);
      const gapless = counts.count === counts.max && counts.max === counts.last && (counts.count === 0 || counts.min === 1) && counts.last === log.head;
      if (!gapless) row.problems.push(`events table: count ${counts.count}, positions ${counts.min}..${counts.max}, sequence at ${counts.last}, log head ${log.head}`);
      row.gapless = row.gapless === true && gapless;
      say(`${row.fault}: ${counts.count} events, positions 1..${counts.max}; rebuilding every read model (POST /admin/projections/{name}/rebuild)`);
      const differences = await rebuildOverHttp(service.url, service.adminKey(), databaseUrl);
      row.rebuild = differences.length === 0;
      row.problems.push(...differences);
      say(`${row.fault}: reading the Kafka topics from the beginning`);
      const verdict = await checkKafka(kafka.brokers, TOPIC_PREFIX, log.events, 90_000);
      row.kafka = verdict.ordered;
      row.problems.push(...verdict.problems);
      say(`${row.fault}: Kafka holds ${verdict.messages} messages for ${log.events.length} events (${verdict.redelivered} redelivered)`);
    };

    const restarts = [
      { key: 'api', fault: 'kill -9 API', inject: (outage: Outage) => killAndRestart(outage, () => service.api, () => service.startApi(), { where: '', back: 'answering' }) },
      { key: 'projector', fault: 'kill -9 projector', inject: (outage: Outage) => killAndRestart(outage, () => service.projector, () => service.startProjector(), { where: '', back: 'running' }) },
    ];
    for (const { key, fault, inject } of restarts) if (this.go(key)) await this.fault(fault, service, inject, check);

    if (this.go('kafka')) {
      await this.fault(
        `Kafka down ${KAFKA_DOWN_MS / 1000} s`,
        service,
        async (outage) => {
          const pid = kafka.pid;
          outage.begin();
          await kafka.stop();
          say(`Kafka broker (pid ${pid}) stopped; the load goes on for ${KAFKA_DOWN_MS / 1000} s without it`);
          await sleep(KAFKA_DOWN_MS);
          await kafka.start();
          outage.end();
          return `broker stopped (SIGTERM) for ${KAFKA_DOWN_MS / 1000} s, started again (pid ${kafka.pid})`;
        },
        check,
      );
    }

    if (this.go('postgres')) {
      await this.fault(
        'restart PostgreSQL',
        service,
        async (outage) => {
          const pids = [service.api.pid, service.projector?.pid];
          outage.begin();
          await pg.stop('fast');
          say(`PostgreSQL stopped (pg_ctl stop -m fast); ${PG_DOWN_MS / 1000} s away`);
          await sleep(PG_DOWN_MS);
          await pg.start();
          const t0 = Date.now();
          let health = 0;
          while (health !== 200 && Date.now() - t0 < 60_000) {
            health = await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(2000) }).then(
              (response) => response.status,
              () => 0,
            );
            if (health !== 200) await sleep(200);
          }
          outage.end();
          const same = service.api.pid === pids[0] && service.projector?.pid === pids[1] && service.api.running && service.projector?.running;
          if (!same) throw new Error(`the API or the projector did not survive: pids ${pids.join('/')} before, ${service.api.pid}/${service.projector?.pid} after`);
          if (health !== 200) throw new Error('the API did not answer GET /health with 200 within 60 s of PostgreSQL being back');
          return `PostgreSQL stopped (fast) for ${PG_DOWN_MS / 1000} s and started; the API answered /health ${((Date.now() - t0) / 1000).toFixed(1)} s later, same pids (API ${pids[0]}, projector ${pids[1]})`;
        },
        async (load, row) => {
          await check(load, row);
          if (!service.api.running || !service.projector?.running || service.deaths.length > 0) row.problems.push('a process died across the restart of PostgreSQL');
        },
      );
    }
    const late = await service.stop();
    if (late.length > 0) {
      this.failed = true;
      say(`production: ${late.join(', ')} did not stop within 20 s of SIGTERM`);
    }
  }

  /**
   * Whether to run a fault (FAULTS_ONLY); throws when the last fault's checks could not finish: the
   * ledger is stuck, and the next faults would only wait.
   */
  private go(fault: string): boolean {
    const last = this.rows.at(-1);
    if (last?.unfinished) throw new Error(`the checks after "${last.fault}" (${last.mode}) could not finish; the faults after it were not run`);
    return wanted(fault);
  }

  /** Removes the data (Kafka's, the embedded ledger's; PostgreSQL's goes with its cluster) and keeps the logs. */
  removeData(): void {
    if (process.env.FAULTS_KEEP === '1') return;
    for (const data of ['kafka/data', 'embedded']) rmSync(join(this.work, data), { recursive: true, force: true });
  }

}

async function main(): Promise<void> {
  const suite = new Suite();
  await suite.leftovers.clean();
  mkdirSync(suite.work, { recursive: true });
  suite.leftovers.add({ dir: suite.work });
  // Every process it starts is written down at once, for a later run to stop if this one is killed.
  onSpawn((pid, match) => suite.leftovers.add({ pid, match }));
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    say(`${signal}: cleaning up`);
    void suite.cleanup.run().finally(() => {
      suite.removeData();
      suite.leftovers.done();
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  say(`run ${suite.runId}, seed ${SEED}, ${CLIENTS} clients; logs in ${suite.work}`);

  let fatal: unknown;
  try {
    if (process.env.FAULTS_SKIP_BUILD !== '1') {
      say('building (npm run build)');
      await run('npm', ['run', '-s', 'build'], { cwd: ROOT, timeoutMs: 600_000 });
    }
    const production = ['api', 'projector', 'kafka', 'postgres'].some(wanted);
    const infrastructure = production ? suite.infrastructure() : Promise.resolve();
    infrastructure.catch(() => undefined);
    if (wanted('embedded')) await suite.embedded();
    await infrastructure;
    if (production) await suite.production();
  } catch (error) {
    fatal = error;
    suite.failed = true;
  } finally {
    say('cleaning up (services, Kafka, PostgreSQL)');
    await suite.cleanup.run();
  }
  console.log(`\nFault suite, seed ${SEED}, ${CLIENTS} clients, ${process.uptime().toFixed(0)} s in all:\n`);
  console.log(table(suite.rows));
  for (const row of suite.rows) for (const note of row.notes) console.log(`  ${row.fault} (${row.mode}): ${note}`);
  if (fatal) {
    console.error(`\nThe suite stopped: ${fatal instanceof Error ? (fatal.stack ?? fatal.message) : String(fatal)}`);
  }
  if (suite.failed) {
    for (const row of suite.rows.filter((r) => r.problems.length > 0)) {
      console.error(`\n${row.fault} (${row.mode}) failed:`);
      for (const problem of row.problems) console.error(`  ${problem}`);
    }
    for (const log of ['api-embedded.log', 'api-production.log', 'projector.log', 'kafka/kafka.log']) {
      console.error(`\n--- last lines of ${join(suite.work, log)}\n${tail(join(suite.work, log), 15)}`);
    }
    suite.removeData();
    console.error(`\nFAILED; logs kept in ${suite.work}`);
    suite.leftovers.done();
    process.exit(1);
  }
  if (process.env.FAULTS_KEEP !== '1') rmSync(suite.work, { recursive: true, force: true });
  suite.leftovers.done();
  console.log('\nall faults passed: 0 lost, 0 duplicated');
  process.exit(0);
}

void main();
