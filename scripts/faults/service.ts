import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UNLIMITED } from '../../test/support/test-ledger';
import { Child, readFrom, say, sizeOf, tail, waitFor } from './processes';

/** Settings the suite gives its services itself: none may come from the caller's environment. */
const OWN = ['DATABASE_URL', 'KAFKA_BROKERS', 'DATA_DIR', 'ADMIN_KEY_FILE', 'HOST', 'PORT', 'LOG_LEVEL', 'LOG_FORMAT', 'NODE_OPTIONS', 'KAFKA_TOPIC_PREFIX', 'PROJECTOR_GROUP_PREFIX', 'RATE_LIMIT_PER_KEY', 'RATE_LIMIT_PER_ADDRESS'];

function serviceEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of OWN) delete env[name];
  // The load is one key's, faster than its rate limit allows: what is measured is loss, not policy.
  return { ...env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', HOST: '127.0.0.1', ...UNLIMITED, ...settings };
}

/** A JSON answer of the service. */
export async function getJson<T>(url: string, key?: string, timeoutMs = 5000): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/**
 * The service as production runs it: the built API (`node dist/apps/api/main.js`) and, in the
 * production mode, the built projector, as child processes with the suite's own settings. Their
 * output goes to log files; an exit the suite did not cause is recorded as a death.
 */
export class Service {
  readonly api: Child;
  readonly projector: Child | undefined;

  constructor(
    readonly mode: 'production' | 'embedded',
    root: string,
    readonly port: number,
    settings: Record<string, string>,
    logDir: string,
    readonly adminKeyFile: string,
  ) {
    const env = serviceEnv({ ...settings, PORT: String(port) });
    this.api = new Child(`api (${mode})`, process.execPath, [join(root, 'dist/apps/api/main.js')], env, join(logDir, `api-${mode}.log`), root);
    this.projector = mode === 'production' ? new Child('projector', process.execPath, [join(root, 'dist/apps/projector/main.js')], env, join(logDir, 'projector.log'), root) : undefined;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get deaths(): string[] {
    return [...this.api.deaths, ...(this.projector?.deaths ?? [])];
  }

  /** Starts the API and waits until GET /health answers 200; answers the seconds it took. */
  async startApi(timeoutMs = 90_000): Promise<number> {
    const t0 = Date.now();
    this.api.start();
    try {
      await waitFor(
        `${this.api.name} answering on ${this.url}`,
        async () => {
          if (!this.api.running) throw new Error('it exited');
          return (await getJson(`${this.url}/health`, undefined, 2000)).status === 200;
        },
        timeoutMs,
        200,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- ${this.api.logFile}\n${tail(this.api.logFile, 40)}`, { cause: error });
    }
    return (Date.now() - t0) / 1000;
  }

  /** Starts the projector and waits for its "projector running" line. */
  async startProjector(timeoutMs = 90_000): Promise<number> {
    const projector = this.projector;
    if (!projector) throw new Error('no projector in the embedded mode: the API runs it');
    const from = sizeOf(projector.logFile);
    const t0 = Date.now();
    projector.start();
    try {
      await waitFor(
        'projector running',
        async () => {
          if (!projector.running) throw new Error('it exited');
          return readFrom(projector.logFile, from).includes('projector running');
        },
        timeoutMs,
        200,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- ${projector.logFile}\n${tail(projector.logFile, 40)}`, { cause: error });
    }
    return (Date.now() - t0) / 1000;
  }

  adminKey(): string {
    return readFileSync(this.adminKeyFile, 'utf8').trim();
  }

  /** Makes a key for the load with the admin key (POST /admin/keys); answers its secret. */
  async makeKey(name: string, role: 'reporter' | 'editor'): Promise<string> {
    const response = await fetch(`${this.url}/admin/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.adminKey()}` },
      body: JSON.stringify({ name, role }),
    });
    const body = (await response.json()) as { secret?: string };
    if (response.status !== 201 || !body.secret) throw new Error(`POST /admin/keys answered ${response.status}: ${JSON.stringify(body)}`);
    return body.secret;
  }

  /** Stops everything it runs (SIGTERM, then SIGKILL); answers the processes that did not stop in time. */
  async stop(timeoutMs = 20_000): Promise<string[]> {
    const late: string[] = [];
    if (!(await this.api.stop(timeoutMs))) late.push(this.api.name);
    if (this.projector && !(await this.projector.stop(timeoutMs))) late.push(this.projector.name);
    for (const name of late) say(`${name}: did not stop within ${timeoutMs / 1000} s of SIGTERM; killed`);
    return late;
  }
}
