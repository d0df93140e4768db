import type { StoredEvent } from '@policy-ledger/event-store';
import type { Ledger } from '@policy-ledger/runtime';
import { ukraineAidRequest } from '@policy-ledger/testing';
import { event, shipmentReported } from '../support/events';
import { readSse, type SseMessage } from '../support/sse-client';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Mode } from '../support/test-ledger';

const WRITERS = 8;
const APPENDS_PER_WRITER = 25;

const modes: Mode[] = ['production', 'embedded'];

describe.each(modes)('the event stream over HTTP in the %s mode', (mode) => {
  let ledger: Ledger;
  let baseUrl: string;
  let api: TestApp['api'];

  const storedEvents = async (where = 'true', params: unknown[] = []) =>
    (
      await ledger.db.query<{ position: number; event_id: string }>(`SELECT position, event_id FROM events WHERE ${where} ORDER BY position`, params)
    ).rows.map((row) => ({ position: row.position, eventId: row.event_id }));
  const idsOf = (events: { position: number; eventId: string }[]) => events.map((e) => ({ position: e.position, eventId: e.eventId }));

  let service: TestApp;
  beforeAll(async () => {
    service = await startTestApp(`e2e_events_stream_${mode}`, mode, { env: { SSE_HEARTBEAT_SECONDS: '0.3' }, apiOnly: true });
    ({ ledger, url: baseUrl, api } = service);
  });
  afterAll(async () => service?.close());

  it('delivers every event exactly once and in global order to a client that disconnects and resumes with Last-Event-ID under concurrent writers', async () => {
    // 8 writers, each appending 25 times to its own streams (some appends carry two events).
    let total: number | undefined;
    const writers = Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        const versions = new Map<string, number>();
        for (let i = 0; i < APPENDS_PER_WRITER; i++) {
          const streamId = `shipment-w${writer}-${i % 5}`;
          const events = i % 3 === 0 ? [shipmentReported('RU'), shipmentReported('BY')] : [shipmentReported('IR')];
          const { version } = await ledger.store.append(streamId, 'shipment', versions.get(streamId) ?? 0, events);
          versions.set(streamId, version);
        }
      }),
    ).then(async () => (total = (await storedEvents()).length));

    // Reconnect again and again, each time taking a few events only, until the writers are done
    // and the client has everything.
    const received: SseMessage[] = [];
    const complete = () => total !== undefined && received.length >= total;
    let reconnects = 0;
    while (!complete()) {
      const take = 1 + (reconnects % 17);
      let taken = 0;
      await readSse(
        `${baseUrl}/events/stream`,
        (message) => {
          received.push(message);
          taken += 1;
          return taken >= take || complete();
        },
        // Heartbeats (every 0.3 s here) let an idle client notice that it has everything.
        { lastEventId: received.at(-1)?.id, until: complete, timeoutMs: 10_000 },
      );
      reconnects += 1;
    }
    await writers;

    expect(reconnects).toBeGreaterThan(10);
    const stored = await storedEvents();
    expect(stored.length).toBeGreaterThanOrEqual(WRITERS * APPENDS_PER_WRITER);
    const got = received.map((message) => JSON.parse(message.data) as StoredEvent);
    expect(idsOf(got)).toEqual(stored);
    expect(received.map((m) => m.id)).toEqual(stored.map((e) => String(e.position)));
    expect(received.every((m) => m.event === 'ShipmentReported')).toBe(true);
    // The data is the stored event, whole.
    const fromStore = await ledger.store.readAll(0, 10_000);
    expect(got).toEqual(fromStore);
  });

  it('filters by event type, stream and stream type, and resumes from ?after=', async () => {
    const before = await ledger.store.headPosition();
    await ledger.store.append('aid-request-ua-24b', 'aid-request', 0, [event('AidRequested', ukraineAidRequest)]);
    await ledger.store.append('shipment-filtered', 'shipment', 0, [shipmentReported('RU')]);
    await ledger.store.append('aid-request-ua-24b', 'aid-request', 1, [event('AidRequestWithdrawn', { occurredAt: { from: '2023-11-01', precision: 'day' } })]);

    const collect = async (query: string, count: number) => {
      const messages: SseMessage[] = [];
      await readSse(`${baseUrl}/events/stream?${query}`, (message) => messages.push(message) >= count, { timeoutMs: 10_000 });
      return messages.map((m) => JSON.parse(m.data) as StoredEvent);
    };
    const aid = await collect('streamType=aid-request', 2);
    expect(aid.map((e) => [e.streamId, e.type])).toEqual([
      ['aid-request-ua-24b', 'AidRequested'],
      ['aid-request-ua-24b', 'AidRequestWithdrawn'],
    ]);
    const types = await collect(`type=AidRequestWithdrawn&type=ShipmentReported&after=${before}`, 2);
    expect(types.map((e) => e.type)).toEqual(['ShipmentReported', 'AidRequestWithdrawn']);
    const commaList = await collect(`type=AidRequested,AidRequestWithdrawn`, 2);
    expect(commaList.map((e) => e.type)).toEqual(['AidRequested', 'AidRequestWithdrawn']);
    const oneStream = await collect(`streamId=shipment-filtered`, 1);
    expect(oneStream.map((e) => e.streamId)).toEqual(['shipment-filtered']);

    // A live filtered subscriber gets the next matching event, and only that.
    const live: StoredEvent[] = [];
    const listening = readSse(
      `${baseUrl}/events/stream?streamType=aid-request&after=${await ledger.store.headPosition()}`,
      (message) => live.push(JSON.parse(message.data)) >= 1,
      { timeoutMs: 10_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await ledger.store.append('shipment-filtered', 'shipment', 1, [shipmentReported('BY')]);
    await ledger.store.append('aid-request-il-14b', 'aid-request', 0, [event('AidRequested', ukraineAidRequest)]);
    await listening;
    expect(live.map((e) => e.streamId)).toEqual(['aid-request-il-14b']);
  });

  it('pages through the events with a next cursor, filters included', async () => {
    const all: { position: number; eventId: string }[] = [];
    let after: number | null = 0;
    let pages = 0;
    while (after !== null) {
      const page = await api.get(`/events?after=${after}&limit=37`);
      expect(page.status).toBe(200);
      all.push(...idsOf(page.body.events));
      after = page.body.next;
      pages += 1;
      if (after === null) expect(page.body.head).toBe(await ledger.store.headPosition());
    }
    expect(all).toEqual(await storedEvents());
    expect(pages).toBe(Math.ceil(all.length / 37) + (all.length % 37 === 0 ? 1 : 0));

    const aid = await api.get('/events?streamType=aid-request&type=AidRequested&limit=1');
    expect(aid.body.events.map((e: StoredEvent) => e.streamId)).toEqual(['aid-request-ua-24b']);
    const rest = await api.get(`/events?streamType=aid-request&type=AidRequested&limit=1&after=${aid.body.next}`);
    expect(rest.body.events.map((e: StoredEvent) => e.streamId)).toEqual(['aid-request-il-14b']);
    expect(rest.body.next).toBeNull();
    expect(idsOf(rest.body.events.concat(aid.body.events)).length).toBe((await storedEvents(`type = 'AidRequested'`)).length);
  });

  it('keeps an idle stream open with heartbeat comments', async () => {
    const { parser } = await readSse(`${baseUrl}/events/stream?streamId=shipment-nothing-here`, () => true, {
      until: (p) => p.comments >= 2,
      timeoutMs: 5000,
    });
    expect(parser.comments).toBeGreaterThanOrEqual(2);
  });

  it('answers bad parameters with 400 problems naming the field', async () => {
    const badLimit = await api.get('/events?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.headers.get('content-type')).toContain('application/problem+json');
    expect(badLimit.body.errors.map((e: { field: string }) => e.field)).toEqual(['limit']);

    const badType = await api.get('/events/stream?type=ShipmentReported,NoSuchEvent');
    expect(badType.status).toBe(400);
    expect(badType.body.errors.map((e: { field: string }) => e.field)).toEqual(['type.1']);

    const badStreamType = await api.get('/events?streamType=ship&after=-1&colour=red');
    expect(badStreamType.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['after', 'colour', 'streamType.0']);

    let status = 0;
    const { parser } = await readSse(`${baseUrl}/events/stream`, () => true, {
      lastEventId: 'yesterday',
      onOpen: (response) => (status = response.status),
    });
    expect(status).toBe(400);
    expect(parser.comments).toBe(0);
    const response = await fetch(`${baseUrl}/events/stream`, { headers: { 'last-event-id': 'yesterday' } });
    expect(await response.json()).toMatchObject({ status: 400, errors: [{ field: 'Last-Event-ID' }] });
  });
});
