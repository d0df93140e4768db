import type { StoredEvent } from '@policy-ledger/event-store';
import { shipmentReported } from '../support/events';
import { openStream, type Stream, type Swarm, startSwarm } from '../support/sse-swarm';
import { startTestApp, type TestApp } from '../support/test-app';

const CLIENTS = 500;
/** A live window much smaller than what a late follower has to catch up on. */
const TAIL_EVENTS = 40;

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.ceil((p / 100) * values.length) - 1] ?? NaN;

describe('the event stream under many clients', () => {
  let service: TestApp;
  const streams: Stream[] = [];
  let swarm: Swarm | undefined;

  beforeAll(async () => {
    service = await startTestApp('e2e_events_stream_load', 'production', {
      apiOnly: true,
      env: { SSE_MAX_PER_CLIENT: String(CLIENTS), SSE_MAX_CONNECTIONS: String(CLIENTS + 2), SSE_TAIL_EVENTS: String(TAIL_EVENTS) },
    });
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await swarm?.close();
    await service?.close();
  });

  // Written to the store straight (other clients' writes, as far as this process is concerned): the streams are what is measured.
  const append = async (count: number, prefix: string, pauseMs = 0) => {
    for (let i = 0; i < count; i++) {
      await service.ledger.store.append(`shipment-${prefix}-${i}`, 'shipment', 0, [shipmentReported()]);
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  const positions = async () => (await service.ledger.db.query<{ position: number }>('SELECT position FROM events ORDER BY position')).rows.map((row) => row.position);

  it(`keeps /health under 100 ms at p99 with ${CLIENTS} open streams while events arrive, and gives each stream every event once, in order`, async () => {
    // The clients run in a process of their own, as they would in life.
    swarm = startSwarm();
    expect(new Set(await swarm.open(`${service.url}/events/stream?after=0`, CLIENTS))).toEqual(new Set([200]));

    // About 40 events a second, each to every stream: 20,000 deliveries a second.
    const writing = append(60, 'load', 25);
    const latencies: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      const health = await fetch(`${service.url}/health`);
      await health.json();
      latencies.push(performance.now() - started);
      expect(health.status).toBe(200);
    }
    await writing;
    expect(percentile(latencies, 99)).toBeLessThan(100);

    const all = await positions();
    let received: number[][] = [];
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      received = await swarm.report();
      if (received.every((ids) => ids.length >= all.length)) break;
    }
    expect(received).toHaveLength(CLIENTS);
    for (const ids of received) expect(ids).toEqual(all);
  }, 120_000);

  it('caps streams per client (429) and in all (503), with Retry-After, and frees a place when a stream closes', async () => {
    const anonymous = await fetch(`${service.url}/events/stream`, { headers: { accept: 'text/event-stream' } });
    expect(anonymous.status).toBe(429);
    expect(anonymous.headers.get('retry-after')).toBe('5');
    expect(await anonymous.json()).toMatchObject({ status: 429, code: 'too-many-streams', limit: CLIENTS });

    // A reader's key is another client: two more fit in all, the third finds the server full.
    const reader = { authorization: `Bearer ${service.keys.reader}` };
    const mine = await Promise.all([openStream(`${service.url}/events/stream`, reader), openStream(`${service.url}/events/stream`, reader)]);
    streams.push(...mine);
    expect(mine.map((stream) => stream.status)).toEqual([200, 200]);
    const full = await fetch(`${service.url}/events/stream`, { headers: { accept: 'text/event-stream', ...reader } });
    expect(full.status).toBe(503);
    expect(await full.json()).toMatchObject({ code: 'too-many-streams', limit: CLIENTS + 2 });

    // The server sees the close a moment later; until then the place is still taken.
    mine[0]?.close();
    let again: Stream | undefined;
    for (let attempt = 0; attempt < 40 && again?.status !== 200; attempt++) {
      again?.close();
      again = await openStream(`${service.url}/events/stream`, reader);
      if (again.status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(again?.status).toBe(200);
    if (again) streams.push(again);
  });

  it('brings a follower far behind the live window up from the database without a gap or a repeat', async () => {
    for (const stream of streams.splice(0)) stream.close();
    await swarm?.close();
    swarm = undefined;
    await append(3 * TAIL_EVENTS, 'behind');
    const all = await positions();
    expect(all.length).toBeGreaterThan(3 * TAIL_EVENTS);

    const late = await openStream(`${service.url}/events/stream?after=0`);
    streams.push(late);
    await until(() => late.ids.length >= all.length, 20_000);
    await append(5, 'after');
    const now = await positions();
    await until(() => late.ids.length >= now.length, 20_000);
    expect(late.ids).toEqual(now);
    const last = await service.api.get(`/events?after=${now.at(-2)}`);
    expect(last.body.events.map((event: StoredEvent) => event.position)).toEqual([now.at(-1)]);
  });
});
