import { say, sleep } from './processes';

/** A small seeded generator (mulberry32): a run's mix of commands can be replayed with FAULTS_SEED. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What one command came to: the answer it got, after how many tries. */
export interface CommandRecord {
  readonly key: string;
  readonly kind: string;
  readonly path: string;
  attempts: number;
  /** acknowledged: 201; rejected: another definite answer; unanswered: none before the deadline. */
  outcome: 'pending' | 'acknowledged' | 'rejected' | 'unanswered';
  status?: number;
  answer?: { id: string; streamId: string; version: number; position: number };
  replayed: boolean;
  /** When the definite answer came (ms since the epoch). */
  answeredAt?: number;
  detail?: string;
}

const source = { publisher: 'fault suite', sourceClass: 'media', publishedAt: '2023-10-13' } as const;

function day(rnd: () => number): string {
  const month = 1 + Math.floor(rnd() * 12);
  const date = 1 + Math.floor(rnd() * 28);
  return `2023-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

function fact(rnd: () => number) {
  return { occurredAt: { from: day(rnd), precision: 'day' }, reportedAt: '2023-12-31', sources: [source], confidence: 'assessed' };
}

/** Suppliers of the load's shipments (the recipient is always RU). */
const suppliers = ['KP', 'IR', 'BY', 'CN'] as const;

/**
 * The commands of the load: new shipments, estimates and legs on existing ones, aid requests,
 * positions on them, packages and threats (one event each, so each read model gets rows).
 * Only streams whose creation was acknowledged get further commands.
 */
class Mix {
  readonly shipments: string[] = [];
  readonly aidRequests: string[] = [];
  private serial = 0;

  constructor(
    private readonly prefix: string,
    private readonly rnd: () => number,
  ) {}

  private pick(list: readonly string[]): string | undefined {
    return list.length === 0 ? undefined : list[Math.floor(this.rnd() * list.length)];
  }

  next(): { kind: string; path: string; body: Record<string, unknown>; created?: { list: string[]; id: string } } {
    const rnd = this.rnd;
    const n = ++this.serial;
    const roll = rnd();
    const shipment = this.pick(this.shipments);
    const aidRequest = this.pick(this.aidRequests);
    const supplier = suppliers[Math.floor(rnd() * suppliers.length)] as string;
    if (roll < 0.2 && shipment) {
      const body = { category: 'munitions', quantity: { value: 100 + Math.floor(rnd() * 5000), unit: 'containers', qualifier: 'at_least' }, ...fact(rnd) };
      return { kind: 'estimate', path: `/shipments/${shipment}/estimates`, body };
    }
    if (roll < 0.35 && shipment) {
      const leg = { mode: rnd() < 0.5 ? 'rail' : 'sea', from: { name: `port ${n}`, country: supplier }, to: { name: `depot ${n}`, country: 'RU' } };
      return { kind: 'leg', path: `/shipments/${shipment}/legs`, body: { leg, ...fact(rnd) } };
    }
    if (roll < 0.55 && aidRequest) {
      const stance = rnd() < 0.5 ? 'supports' : 'opposes';
      return { kind: 'position', path: `/aid-requests/${aidRequest}/positions`, body: { actor: { name: `member ${n}`, country: 'US' }, stance, ...fact(rnd) } };
    }
    if (roll < 0.6) {
      const id = `${this.prefix}-p${n}`;
      const body = { id, title: `package ${n}`, sponsor: 'The White House', rationale: 'the fault suite', ...fact(rnd) };
      return { kind: 'package', path: '/packages', body };
    }
    if (roll < 0.7) {
      const id = `${this.prefix}-t${n}`;
      const body = { id, by: { country: supplier }, against: { country: 'US' }, what: `threat ${n}`, ...fact(rnd) };
      return { kind: 'threat', path: '/developments/threats', body };
    }
    if (roll < 0.85) {
      const id = `${this.prefix}-a${n}`;
      const amount = String(1_000_000 * (1 + Math.floor(rnd() * 1000)));
      const body = {
        id,
        requester: 'President of the United States',
        addressee: 'US Congress',
        lines: [{ recipient: rnd() < 0.5 ? 'UA' : 'IL', purpose: 'military', amount: { amount, currency: 'USD' } }],
        total: { amount, currency: 'USD' },
        ...fact(rnd),
      };
      return { kind: 'aid-request', path: '/aid-requests', body, created: { list: this.aidRequests, id } };
    }
    const id = `${this.prefix}-s${n}`;
    const body = {
      id,
      supplier,
      recipient: 'RU',
      items: [{ category: 'munitions', description: `shipment ${n}`, quantity: { value: 10 + Math.floor(rnd() * 1000), unit: 'containers', qualifier: 'at_least' } }],
      legs: [{ mode: 'sea', from: { name: 'Najin', country: supplier }, to: { name: 'Dunay', country: 'RU' } }],
      stage: 'in_transit',
      ...fact(rnd),
    };
    return { kind: 'shipment', path: '/shipments', body, created: { list: this.shipments, id } };
  }
}

export interface LoadOptions {
  readonly url: () => string;
  readonly secret: string;
  readonly clients: number;
  /** Each key starts with it (and the ids the load names), so runs and faults never share one. */
  readonly prefix: string;
  readonly seed: number;
  /** How long a command is retried with its key before it counts as unanswered. */
  readonly deadlineMs: number;
  /** One request's time limit. */
  readonly requestTimeoutMs: number;
  /** Pause of a client between two commands. */
  readonly pauseMs: number;
}

/** Tallies of what the load met, for the progress lines. */
export interface LoadCounters {
  sent: number;
  attempts: number;
  connectionErrors: number;
  timeouts: number;
  byStatus: Record<string, number>;
}

/**
 * A bounded number of concurrent clients, each posting one command at a time, each with an
 * Idempotency-Key (also sent as X-Correlation-Id, which the event's metadata keeps). A connection
 * error, a time-out, a 503, a 500 or a 409 "still in flight" is retried with the SAME key until a
 * definite answer or the deadline. Every command and its answer is recorded.
 */
export class Load {
  readonly records: CommandRecord[] = [];
  readonly counters: LoadCounters = { sent: 0, attempts: 0, connectionErrors: 0, timeouts: 0, byStatus: {} };
  private readonly mix: Mix;
  private stopping = false;
  private clients: Promise<void>[] = [];

  constructor(private readonly options: LoadOptions) {
    this.mix = new Mix(options.prefix, random(options.seed));
  }

  start(): void {
    this.stopping = false;
    this.clients = Array.from({ length: this.options.clients }, (_, client) => this.client(client));
  }

  /** Stops sending new commands and waits for the ones under way (drain). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.clients);
  }

  get acknowledged(): number {
    return this.records.filter((record) => record.outcome === 'acknowledged').length;
  }

  private async client(client: number): Promise<void> {
    let serial = 0;
    while (!this.stopping) {
      const command = this.mix.next();
      const key = `${this.options.prefix}-c${client}-${++serial}`;
      const record: CommandRecord = { key, kind: command.kind, path: command.path, attempts: 0, outcome: 'pending', replayed: false };
      this.records.push(record);
      this.counters.sent += 1;
      await this.send(record, command.body);
      if (record.outcome === 'acknowledged' && command.created) command.created.list.push(command.created.id);
      await sleep(this.options.pauseMs);
    }
  }

  private async send(record: CommandRecord, body: unknown): Promise<void> {
    const deadline = Date.now() + this.options.deadlineMs;
    const payload = JSON.stringify(body);
    for (let backoff = 100; ; backoff = Math.min(1000, backoff * 2)) {
      record.attempts += 1;
      this.counters.attempts += 1;
      let retry: string;
      try {
        const response = await fetch(`${this.options.url()}${record.path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${this.options.secret}`,
            'idempotency-key': record.key,
            'x-correlation-id': record.key,
          },
          body: payload,
          signal: AbortSignal.timeout(this.options.requestTimeoutMs),
        });
        const text = await response.text();
        const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
        this.counters.byStatus[response.status] = (this.counters.byStatus[response.status] ?? 0) + 1;
        record.status = response.status;
        if (response.status === 201) {
          record.outcome = 'acknowledged';
          record.answer = { id: String(json.id), streamId: String(json.streamId), version: Number(json.version), position: Number(json.position) };
          record.replayed = response.headers.get('idempotent-replayed') === 'true';
          record.answeredAt = Date.now();
          return;
        }
        const code = typeof json.code === 'string' ? json.code : '';
        if (response.status === 503 || response.status === 500 || (response.status === 409 && code === 'idempotency-key-in-flight')) {
          retry = `${response.status} ${code}`;
          if (response.status === 500) say(`load: 500 for ${record.key} (${record.path}): ${text.slice(0, 300)}`);
        } else {
          record.outcome = 'rejected';
          record.detail = `${response.status} ${code}: ${String(json.detail ?? text).slice(0, 300)}`;
          return;
        }
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'TimeoutError' || name === 'AbortError') this.counters.timeouts += 1;
        else this.counters.connectionErrors += 1;
        retry = `${name}: ${(error as Error).message}`;
      }
      if (Date.now() + backoff > deadline) {
        record.outcome = 'unanswered';
        record.detail = `no definite answer in ${this.options.deadlineMs / 1000} s; last: ${retry}`;
        return;
      }
      await sleep(backoff);
    }
  }
}
