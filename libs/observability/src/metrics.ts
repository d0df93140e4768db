import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a command posted over HTTP ended, as `policy_ledger_commands_total` counts it. */
export type CommandOutcome = 'created' | 'conflict' | 'rule' | 'invalid' | 'not_found' | 'error';

/** The outbox as the relay sees it: rows not yet published, and how long the oldest of them has waited. */
export interface OutboxSnapshot {
  readonly pending: number;
  readonly oldestAgeSeconds: number;
}

/** One read model's progress, as GET /projections says it. */
export interface ProjectionSnapshot {
  readonly name: string;
  readonly position: number;
  readonly lag: { readonly events: number; readonly seconds: number };
  readonly deadLetters: number;
}

/** What a gauge computed from the database reads: once per scrape, whatever the number of gauges it feeds. */
type Snapshot<T> = () => Promise<T>;

/** Append durations: a lone append takes a few milliseconds, a batch under load tens. */
const APPEND_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every metric of one process, in a registry of its own (one per process; tests open several in
 * one). The hot paths (HTTP, command, append, apply) update counters and histograms in place; the
 * gauges that need SQL (outbox, projections) read the database at scrape time, once per scrape.
 * Libraries do not see prom-client: they report through narrow ports this class implements
 * (`recordAppend`, `recordApplied`).
 */
export class LedgerMetrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly commands: Counter<'command' | 'outcome'>;
  private readonly appendDuration: Histogram;
  private readonly applied: Counter<'projection'>;
  private readonly applyDuration: Histogram<'projection'>;
  private readonly sse: Gauge;
  private outbox: Snapshot<OutboxSnapshot> | undefined;
  private projections: Snapshot<readonly ProjectionSnapshot[]> | undefined;

  /** `onScrapeError` hears of a gauge whose read failed (the database away): the gauge keeps its last value. */
  constructor(private readonly onScrapeError: (what: string, error: unknown) => void = () => undefined) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route (the path pattern, e.g. /shipments/:id/legs) and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.commands = new Counter({
      name: 'policy_ledger_commands_total',
      help: 'Commands posted to their endpoints, by command type and outcome (created, conflict, rule, invalid, not_found, error)',
      labelNames: ['command', 'outcome'],
      registers,
    });
    this.appendDuration = new Histogram({
      name: 'policy_ledger_append_duration_seconds',
      help: "How long a command's append took, from handing its events to the event store to the commit (batched appends included)",
      buckets: APPEND_BUCKETS,
      registers,
    });
    this.applied = new Counter({
      name: 'policy_ledger_projection_applied_events_total',
      help: 'Events a projection applied (redeliveries skipped are not counted twice: each batch counts its events once)',
      labelNames: ['projection'],
      registers,
    });
    this.applyDuration = new Histogram({
      name: 'policy_ledger_projection_apply_duration_seconds',
      help: 'How long a projection took to apply one batch of events (one transaction)',
      labelNames: ['projection'],
      buckets: APPEND_BUCKETS,
      registers,
    });
    this.sse = new Gauge({ name: 'policy_ledger_sse_clients', help: 'Server-Sent Event streams open now (/events/stream, /projections/stream)', registers });

    const outbox = (set: (snapshot: OutboxSnapshot) => void) => async () => {
      if (!this.outbox) return;
      try {
        set(await this.outbox());
      } catch (error) {
        this.onScrapeError('outbox', error);
      }
    };
    new Gauge({
      name: 'policy_ledger_outbox_pending',
      help: 'Events stored but not yet published by the relay (the outbox backlog)',
      registers,
      async collect() {
        await outbox((snapshot) => this.set(snapshot.pending))();
      },
    });
    new Gauge({
      name: 'policy_ledger_relay_lag_seconds',
      help: 'How long the oldest unpublished event has waited for the relay; 0 when the outbox is empty',
      registers,
      async collect() {
        await outbox((snapshot) => this.set(snapshot.oldestAgeSeconds))();
      },
    });
    const projections = async (set: (projection: ProjectionSnapshot) => void) => {
      if (!this.projections) return;
      try {
        for (const projection of await this.projections()) set(projection);
      } catch (error) {
        this.onScrapeError('projections', error);
      }
    };
    const perProjection = (name: string, help: string, value: (projection: ProjectionSnapshot) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'],
        registers,
        async collect() {
          await projections((projection) => this.set({ projection: projection.name }, value(projection)));
        },
      });
    perProjection('policy_ledger_projection_position', "The projection's checkpoint: every event up to this global position is applied", (p) => p.position);
    perProjection('policy_ledger_projection_lag_events', 'Events stored but not yet applied by the projection (head - position)', (p) => p.lag.events);
    perProjection('policy_ledger_projection_lag_seconds', 'Age of the oldest event the projection has not applied yet; 0 when caught up', (p) => p.lag.seconds);
    perProjection('policy_ledger_projection_dead_letters', 'Events the projection dead-lettered and that wait for a replay', (p) => p.deadLetters);
  }

  /** The text a Prometheus server scrapes. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: statusCode }, seconds);
  }

  recordCommand(command: string, outcome: CommandOutcome): void {
    this.commands.inc({ command, outcome });
  }

  /** The event store's port (CommandObserver). */
  recordAppend(seconds: number): void {
    this.appendDuration.observe(seconds);
  }

  /** The projector's port (ProjectorObserver). */
  recordApplied(projection: string, events: number, seconds: number): void {
    this.applied.inc({ projection }, events);
    this.applyDuration.observe({ projection }, seconds);
  }

  sseOpened(): void {
    this.sse.inc();
  }

  sseClosed(): void {
    this.sse.dec();
  }

  /** Reports the outbox gauges from now on (the process that runs the relay), read at scrape time. */
  watchOutbox(read: Snapshot<OutboxSnapshot>): void {
    this.outbox = oncePerScrape(read);
  }

  /** Reports the projection gauges from now on (the process that runs the projector), read at scrape time. */
  watchProjections(read: Snapshot<readonly ProjectionSnapshot[]>): void {
    this.projections = oncePerScrape(read);
  }
}

/** The same answer to every gauge of one scrape: the read runs once, and again only after it settled and 500 ms passed. */
function oncePerScrape<T>(read: Snapshot<T>): Snapshot<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > 500) last = { at: now, value: read() };
    return last.value;
  };
}
