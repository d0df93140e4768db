import type { RawEvent } from '@policy-ledger/contracts';
import type { Database, EventRow, Queryable, Session } from '@policy-ledger/event-store';
import pino from 'pino';
import { OutboxRelay } from './outbox-relay';
import type { EventSubscription, EventTransport, TransportHealth } from './transport.port';

const row = (position: number): EventRow => ({
  position,
  event_id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
  stream_id: `shipment-${position}`,
  stream_type: 'shipment',
  version: 1,
  type: 'ShipmentReported',
  schema_version: 1,
  data: {},
  metadata: { recordedBy: 'spec', correlationId: 'spec', causationId: null },
  recorded_at: '2026-11-29T00:00:00.000Z',
});

/** An outbox in memory behind the relay's session: the leader's lock, LISTEN, unpublished rows and their marking. */
class FakeOutbox implements Database {
  readonly overlaps = true;
  readonly rows: EventRow[] = [];
  published = 0;
  notify: (() => void) | undefined;

  append(): void {
    this.rows.push(row(this.rows.length + 1));
    this.notify?.();
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<{ rows: Row[] }> {
    if (text.includes('pg_try_advisory_lock')) return { rows: [{ leader: true } as Row] };
    if (text.startsWith('UPDATE outbox')) {
      this.published = Math.max(this.published, Number(params[1]));
      return { rows: [] };
    }
    if (text.includes('JOIN events')) return { rows: this.rows.filter((event) => event.position > this.published) as Row[] };
    throw new Error(`unexpected statement: ${text}`);
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return work(this);
  }

  async session(): Promise<Session> {
    return {
      query: (text, params) => this.query(text, params),
      listen: async (_channel, onNotify) => void (this.notify = onNotify),
      release: async () => undefined,
    };
  }

  async close(): Promise<void> {}
}

/** A transport whose first publish stays out until released; it records what it was given. */
class HeldTransport implements EventTransport {
  readonly kind = 'in-process';
  readonly batches: number[][] = [];
  release: () => void = () => undefined;
  private held = true;
  started: Promise<void>;
  private onStart: () => void = () => undefined;

  constructor() {
    this.started = new Promise((resolve) => (this.onStart = resolve));
  }

  async publish(events: readonly RawEvent[]): Promise<void> {
    this.batches.push(events.map((event) => event.position));
    if (!this.held) return;
    this.held = false;
    this.onStart();
    await new Promise<void>((resolve) => (this.release = resolve));
  }

  subscribe(): Promise<EventSubscription> {
    throw new Error('not used');
  }

  async health(): Promise<TransportHealth> {
    return { publishing: true, subscriptions: [] };
  }

  async close(): Promise<void> {}
}

const until = async (check: () => boolean, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  return check();
};

describe('the outbox relay, told of an append while it publishes a batch', () => {
  it('publishes that append at once, not after its idle poll', async () => {
    const outbox = new FakeOutbox();
    const transport = new HeldTransport();
    // An idle poll far longer than the test: only the notification can bring the second event.
    const relay = new OutboxRelay(outbox, transport, { batchSize: 10, maxBatchSize: 10, idlePollMs: 60_000, standbyRetryMs: 60_000 }, pino({ level: 'silent' }));
    outbox.append();
    relay.start();
    try {
      await transport.started;
      outbox.append(); // notified while the first batch is out
      transport.release();
      expect(await until(() => outbox.published === 2, 2000)).toBe(true);
      expect(transport.batches).toEqual([[1], [2]]);
    } finally {
      await relay.stop();
    }
  });
});
