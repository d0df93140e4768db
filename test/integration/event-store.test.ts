import { VersionConflictError } from '@policy-ledger/event-store';
import type { Ledger } from '@policy-ledger/runtime';
import { event, shipmentReported } from '../support/events';
import { dprkShipment } from '@policy-ledger/testing';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

describe('event store on PostgreSQL', () => {
  let ledger: Ledger;
  beforeAll(async () => (ledger = await openTestLedger('event_store')));
  afterAll(async () => dropTestLedger(ledger));

  const count = async (table: string) =>
    Number((await ledger.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);

  it('appends events with an outbox row each and reads them back in order', async () => {
    const result = await ledger.store.append('shipment-a', 'shipment', 0, [shipmentReported(), shipmentReported('BY')]);
    expect(result).toEqual({ streamId: 'shipment-a', version: 2, position: expect.any(Number) });

    const { version, events } = await ledger.store.readStream('shipment-a');
    expect(version).toBe(2);
    expect(events.map((e) => [e.version, e.type, (e.data as { recipient: string }).recipient])).toEqual([
      [1, 'ShipmentReported', 'RU'],
      [2, 'ShipmentReported', 'BY'],
    ]);
    expect(events[1]?.position).toBe(result.position);
    const outbox = await ledger.db.query<{ position: number }>(
      'SELECT position FROM outbox WHERE position = ANY($1::bigint[]) AND published_at IS NULL',
      [events.map((e) => e.position)],
    );
    expect(outbox.rows).toHaveLength(2);
    const times = await ledger.db.query<{ occurred_from: Date; occurred_to: Date; occurred_precision: string }>(
      `SELECT occurred_from, occurred_to, occurred_precision FROM events WHERE stream_id = 'shipment-a' AND version = 1`,
    );
    expect(times.rows[0]?.occurred_precision).toBe('range');
  });

  it('lets exactly one of two concurrent appends at the same expected version win, and stores nothing of the loser', async () => {
    await ledger.store.append('shipment-race', 'shipment', 0, [shipmentReported()]);
    const [eventsBefore, outboxBefore] = [await count('events'), await count('outbox')];

    const outcomes = await Promise.allSettled([
      ledger.store.append('shipment-race', 'shipment', 1, [shipmentReported('BY')]),
      ledger.store.append('shipment-race', 'shipment', 1, [shipmentReported('IR')]),
    ]);

    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(VersionConflictError);
    expect(lost[0]?.reason).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    expect(await count('events')).toBe(eventsBefore + 1);
    expect(await count('outbox')).toBe(outboxBefore + 1);
    expect((await ledger.store.readStream('shipment-race')).version).toBe(2);
  });

  it('refuses to create a stream that exists', async () => {
    await expect(ledger.store.append('shipment-race', 'shipment', 0, [shipmentReported()])).rejects.toMatchObject({
      currentVersion: 2,
    });
  });

  it('hands out gapless global positions in commit order under concurrent writers', async () => {
    const head = await ledger.store.headPosition();
    const writers = Array.from({ length: 40 }, (_, i) => ledger.store.append(`shipment-w${i}`, 'shipment', 0, [shipmentReported()]));
    const results = await Promise.all(writers);

    const positions = results.map((r) => r.position).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 40 }, (_, i) => head + i + 1));
    const all = await ledger.store.readAll(head, 100);
    expect(all.map((e) => e.position)).toEqual(positions);
    // recorded_at grows with position, so "as known at t" is a prefix of the log
    const recorded = all.map((e) => e.recordedAt);
    expect([...recorded].sort()).toEqual(recorded);
  });

  it('reads an event stored at an older schema version as the current one (SanctionsImposed version 1 as version 2)', async () => {
    const v1 = {
      authority: { name: 'US Treasury', country: 'US' },
      targets: [{ name: 'arms facilitators' }],
      reason: 'arms deals with Russia',
      about: [],
      occurredAt: { from: '2023-01-01', precision: 'year' },
      sources: [{ publisher: 'source article', sourceClass: 'media' }],
      confidence: 'confirmed',
    };
    await ledger.store.append('development-old-sanctions', 'development', 0, [{ ...event('SanctionsImposed', v1), schemaVersion: 1 }]);
    const stored = await ledger.db.query<{ schema_version: number; data: { targets: unknown } }>(
      `SELECT schema_version, data FROM events WHERE stream_id = 'development-old-sanctions'`,
    );
    expect(stored.rows).toEqual([{ schema_version: 1, data: expect.objectContaining({ targets: [{ name: 'arms facilitators' }] }) }]);
    const { events } = await ledger.store.readStream('development-old-sanctions');
    expect(events).toEqual([expect.objectContaining({ type: 'SanctionsImposed', schemaVersion: 2, data: { ...v1, targets: { named: [{ name: 'arms facilitators' }] } } })]);
  });

  it('ends a page of the log early once its events pass a size, the rest on the next page', async () => {
    const head = await ledger.log.head();
    const big = (n: number) => event('ShipmentReported', { ...dprkShipment, note: 'x'.repeat(n) });
    await ledger.store.append('shipment-page-big', 'shipment', 0, [big(3000), big(3000), big(3000), big(10)]);
    const first = await ledger.log.page(head, 100, { streamId: 'shipment-page-big' }, 9000);
    expect(first.events.map((e) => e.version)).toEqual([1, 2]);
    expect(first.next).toBe(first.events[1]?.position);
    const rest = await ledger.log.page(first.next ?? 0, 100, { streamId: 'shipment-page-big' }, 9000);
    expect(rest.events.map((e) => e.version)).toEqual([3, 4]);
    expect(rest.next).toBeNull();
    // One event larger than the bound still comes, alone.
    const alone = await ledger.log.page(head, 100, { streamId: 'shipment-page-big' }, 100);
    expect(alone.events.map((e) => e.version)).toEqual([1]);
  });

  describe('appends coalesced into one statement (group commit)', () => {
    it('accepts or refuses each command of a batch on its own: a conflict fails only its own command, all its streams', async () => {
      await ledger.store.append('shipment-batch-a', 'shipment', 0, [shipmentReported()]);
      const [eventsBefore, headBefore] = [await count('events'), await ledger.store.headPosition()];
      // Issued together (all but the first, which goes at once, in one statement): a two-stream
      // command whose second stream is stale, and two single-stream ones around it.
      const outcomes = await Promise.allSettled([
        ledger.store.appendMany([{ streamId: 'shipment-batch-b', streamType: 'shipment', expectedVersion: 0, events: [shipmentReported('BY')] }]),
        ledger.store.appendMany([
          { streamId: 'shipment-batch-c', streamType: 'shipment', expectedVersion: 0, events: [shipmentReported('IR')] },
          { streamId: 'shipment-batch-a', streamType: 'shipment', expectedVersion: 5, events: [shipmentReported('SY')] },
        ]),
        ledger.store.appendMany([{ streamId: 'shipment-batch-a', streamType: 'shipment', expectedVersion: 1, events: [shipmentReported('KZ'), shipmentReported('AM')] }]),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(outcomes[1]).toMatchObject({ reason: { streamId: 'shipment-batch-a', expectedVersion: 5, currentVersion: 1 } });
      // Nothing of the refused command, not even its new stream; the others are gapless, in the order given.
      expect((await ledger.store.readStream('shipment-batch-c')).version).toBe(0);
      expect(await count('events')).toBe(eventsBefore + 3);
      const positions = outcomes.flatMap((o) => (o.status === 'fulfilled' ? o.value.map((r) => r.position) : []));
      expect(positions).toEqual([headBefore + 1, headBefore + 3]);
      expect((await ledger.store.readStream('shipment-batch-a')).events.map((e) => [e.version, e.position])).toEqual([
        [1, headBefore],
        [2, headBefore + 2],
        [3, headBefore + 3],
      ]);
    });

    it('checks a stream a command only read: still at the version read, or a conflict', async () => {
      await ledger.store.append('shipment-read', 'shipment', 0, [shipmentReported()]);
      const checked = (expectedVersion: number) =>
        ledger.store.appendMany([
          { streamId: `shipment-writer-${expectedVersion}`, streamType: 'shipment', expectedVersion: 0, events: [shipmentReported()] },
          { streamId: 'shipment-read', streamType: 'shipment', expectedVersion, events: [] },
        ]);
      await expect(checked(1)).resolves.toHaveLength(2);
      await expect(checked(2)).rejects.toMatchObject({ streamId: 'shipment-read', expectedVersion: 2, currentVersion: 1 });
      expect((await ledger.store.readStream('shipment-read')).version).toBe(1);
    });

    it('keeps positions gapless and in commit order for a reader of position > last, under writers in two processes', async () => {
      const other = await openTestLedger('event_store', { reopen: true });
      try {
        const start = await ledger.store.headPosition();
        const total = 300;
        const seen: number[] = [];
        let writing = true;
        const tail = (async () => {
          let last = start;
          while (writing || last < start + total) {
            const page = await ledger.store.readAll(last, 50);
            for (const event of page) seen.push(event.position);
            last = page.at(-1)?.position ?? last;
            if (page.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
          }
        })();
        await Promise.all(
          Array.from({ length: total }, (_, i) => (i % 2 === 0 ? ledger : other).store.append(`shipment-two-${i}`, 'shipment', 0, [shipmentReported()])),
        );
        writing = false;
        await tail;
        expect(seen).toEqual(Array.from({ length: total }, (_, i) => start + i + 1));
      } finally {
        await other.close();
      }
    });
  });
});
