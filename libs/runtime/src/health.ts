import type { Queryable } from '@policy-ledger/event-store';
import type { EventTransport } from '@policy-ledger/messaging';

/** One check of readiness: whether it passes, and why not. */
export interface Check {
  readonly ok: boolean;
  readonly detail?: string;
}

/** GET /health/ready: `ready` only when every check passes and the process is not shutting down. */
export interface Readiness {
  readonly status: 'ready' | 'not-ready' | 'draining';
  readonly checks: Readonly<Record<string, Check>>;
}

/** What this process runs, and so what readiness checks: the relay publishes, the projector consumes. */
export interface Duties {
  /** The outbox relay runs, on Kafka: its producer must be connected. */
  readonly publishes: boolean;
  /** The projector runs: its consumer groups must have joined. */
  readonly consumes: boolean;
}

const CHECK_TIMEOUT_MS = 2000;

function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Liveness and readiness of one process (the API, or the projector on its own), the same for both
 * apps: live while the process answers; ready when the database answers with every migration
 * applied, the Kafka producer is connected (where the relay runs in the production mode) and the
 * consumer groups have joined (where the projector runs), and not once shutdown has begun.
 */
export class LedgerHealth {
  private draining = false;
  private readonly started = Date.now();

  constructor(
    private readonly db: Queryable,
    private readonly transport: EventTransport,
    private readonly migrations: readonly string[],
    private readonly duties: () => Duties,
  ) {}

  /** From now on readiness says `draining`: load balancers send no more requests here. */
  drain(): void {
    this.draining = true;
  }

  live(): { status: 'ok'; uptimeSeconds: number } {
    return { status: 'ok', uptimeSeconds: Math.round((Date.now() - this.started) / 1000) };
  }

  async ready(): Promise<Readiness> {
    const checks: Record<string, Check> = {};
    try {
      const { rows } = await within(CHECK_TIMEOUT_MS, this.db.query<{ name: string }>('SELECT name FROM schema_migrations'), 'database');
      checks.database = { ok: true };
      const applied = new Set(rows.map((row) => row.name));
      const missing = this.migrations.filter((name) => !applied.has(name));
      checks.migrations = missing.length === 0 ? { ok: true } : { ok: false, detail: `not applied: ${missing.join(', ')}` };
    } catch (error) {
      checks.database = { ok: false, detail: reason(error) };
      checks.migrations = { ok: false, detail: 'the database does not answer' };
    }
    const duties = this.duties();
    if (duties.publishes || duties.consumes) {
      try {
        const health = await this.transport.health();
        if (duties.publishes && this.transport.kind === 'kafka') {
          checks.kafkaProducer = health.publishing ? { ok: true } : { ok: false, detail: 'the Kafka producer is not connected' };
        }
        if (duties.consumes) {
          const waiting = health.subscriptions.filter((subscription) => !subscription.joined).map((subscription) => subscription.name);
          checks.consumerGroups =
            health.subscriptions.length > 0 && waiting.length === 0 ? { ok: true } : { ok: false, detail: waiting.length > 0 ? `not joined: ${waiting.join(', ')}` : 'not subscribed yet' };
        }
      } catch (error) {
        checks.transport = { ok: false, detail: reason(error) };
      }
    }
    if (this.draining) return { status: 'draining', checks };
    return { status: Object.values(checks).every((check) => check.ok) ? 'ready' : 'not-ready', checks };
  }
}
