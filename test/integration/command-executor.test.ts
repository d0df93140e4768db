import { shipmentCommands } from '@policy-ledger/domain';
import { type ImportResult, VersionConflictError } from '@policy-ledger/event-store';
import type { Ledger } from '@policy-ledger/runtime';
import { dprkShipment } from '@policy-ledger/testing';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

const metadata = { recordedBy: 'test', correlationId: 'test', causationId: null };
const fact = { occurredAt: dprkShipment.occurredAt, sources: dprkShipment.sources, confidence: dprkShipment.confidence };
const leg = (n: number) => ({
  type: 'ReportShipmentLeg' as const,
  data: { leg: { mode: 'rail' as const, from: { name: `stop ${n}`, country: 'RU' }, to: { name: `stop ${n + 1}`, country: 'RU' } }, ...fact },
});

describe('the command executor on PostgreSQL', () => {
  let ledger: Ledger;
  let other: Ledger;
  beforeAll(async () => {
    ledger = await openTestLedger('executor');
    other = await openTestLedger('executor', { reopen: true });
    await ledger.commands.execute(shipmentCommands, 'hot', { type: 'ReportShipment', data: dprkShipment }, { metadata });
  });
  afterAll(async () => {
    await other.close();
    await dropTestLedger(ledger);
  });

  it('lets 50 concurrent unpinned commands on one stream all succeed, in order, each once', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => ledger.commands.execute(shipmentCommands, 'hot', leg(i), { metadata })));
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    const { events } = await ledger.store.readStream('shipment-hot');
    expect(events).toHaveLength(51);
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  });

  it('still answers a pinned command whose version moved with a conflict, and stores nothing', async () => {
    const { version } = await ledger.store.readStream('shipment-hot');
    await expect(ledger.commands.execute(shipmentCommands, 'hot', leg(99), { metadata, expectedVersion: version - 1 })).rejects.toBeInstanceOf(VersionConflictError);
    expect((await ledger.store.readStream('shipment-hot')).version).toBe(version);
    await expect(ledger.commands.execute(shipmentCommands, 'hot', leg(99), { metadata, expectedVersion: version })).resolves.toMatchObject({ version: version + 1 });
  });

  it('decides again when another process wrote to the stream since this one cached it', async () => {
    const before = (await ledger.store.readStream('shipment-hot')).version;
    // `ledger` has the stream cached at `before`; `other` appends behind its back.
    await other.commands.execute(shipmentCommands, 'hot', leg(100), { metadata });
    await other.commands.execute(shipmentCommands, 'hot', { type: 'RetractShipmentReport', data: { reason: 'a test', ...fact } }, { metadata });
    // Decided on the cached state it would pass; decided again on the new state it is refused.
    await expect(ledger.commands.execute(shipmentCommands, 'hot', leg(101), { metadata })).rejects.toMatchObject({ code: 'shipment.retracted' });
    expect((await ledger.store.readStream('shipment-hot')).version).toBe(before + 2);
  });

  it('imports commands in order in one all-or-nothing transaction, and decides the chunk again when another process wrote meanwhile', async () => {
    await ledger.commands.execute(shipmentCommands, 'bulk', { type: 'ReportShipment', data: dprkShipment }, { metadata });
    // `ledger` has shipment-bulk cached at version 1; `other` moves it to version 2.
    await other.commands.execute(shipmentCommands, 'bulk', leg(1), { metadata });
    const run = (id: string, command: Parameters<typeof shipmentCommands.run>[1]) => ({ useCase: shipmentCommands, id, command, options: { metadata } });
    const results: ImportResult[] = [];
    await ledger.commands.importAll(
      [[run('bulk', leg(2)), run('bulk-new', { type: 'ReportShipment', data: dprkShipment }), run('bulk-new', { type: 'ReportShipment', data: dprkShipment }), run('bulk-new', leg(3))]],
      (stored) => void results.push(...stored),
    );
    expect(results.map((r) => (r.ok ? ['ok', r.result.streamId, r.result.version] : ['refused', (r.error as { code?: string }).code]))).toEqual([
      ['ok', 'shipment-bulk', 3],
      ['ok', 'shipment-bulk-new', 1],
      ['refused', 'shipment.already-reported'],
      ['ok', 'shipment-bulk-new', 2],
    ]);
    expect((await ledger.store.readStream('shipment-bulk')).events.map((e) => e.version)).toEqual([1, 2, 3]);
  });

  it('decides each chunk on the one being stored, answers the chunks in order, and stores the right versions when the chunk before had to be decided again', async () => {
    await ledger.commands.execute(shipmentCommands, 'piped', { type: 'ReportShipment', data: dprkShipment }, { metadata });
    // `ledger` has shipment-piped cached at version 1; `other` moves it to version 2, so the first
    // chunk conflicts when it is stored, and the second, decided on the first one's decisions, is stale.
    await other.commands.execute(shipmentCommands, 'piped', leg(10), { metadata });
    const run = (id: string, command: Parameters<typeof shipmentCommands.run>[1]) => ({ useCase: shipmentCommands, id, command, options: { metadata } });
    const answered: (string | number | undefined)[][][] = [];
    await ledger.commands.importAll(
      [
        [run('piped', leg(11))],
        [run('piped', leg(12)), run('piped-new', { type: 'ReportShipment', data: dprkShipment })],
        [run('piped-new', { type: 'ReportShipment', data: dprkShipment }), run('piped-new', leg(13))],
        [],
      ],
      (stored) => void answered.push(stored.map((r) => (r.ok ? ['ok', r.result.streamId, r.result.version] : ['refused', (r.error as { code?: string }).code]))),
    );
    expect(answered).toEqual([
      [['ok', 'shipment-piped', 3]],
      [['ok', 'shipment-piped', 4], ['ok', 'shipment-piped-new', 1]],
      [['refused', 'shipment.already-reported'], ['ok', 'shipment-piped-new', 2]],
      [],
    ]);
    expect((await ledger.store.readStream('shipment-piped')).events.map((e) => e.version)).toEqual([1, 2, 3, 4]);
    expect((await ledger.store.readStream('shipment-piped-new')).events.map((e) => e.type)).toEqual(['ShipmentReported', 'ShipmentLegReported']);
  });

  it('decides a chunk again at once when the chunk before it had to be, instead of sending an append the store refuses', async () => {
    await ledger.commands.execute(shipmentCommands, 'redecided', { type: 'ReportShipment', data: dprkShipment }, { metadata });
    await other.commands.execute(shipmentCommands, 'redecided', leg(20), { metadata });
    const run = (command: Parameters<typeof shipmentCommands.run>[1]) => ({ useCase: shipmentCommands, id: 'redecided', command, options: { metadata } });
    const appends = jest.spyOn(ledger.store, 'appendAll');
    try {
      await ledger.commands.importAll([[run(leg(21))], [run(leg(22))]], () => undefined);
      // The first chunk: refused (decided on the cached version 1), then stored; the second: stored once.
      expect(appends).toHaveBeenCalledTimes(3);
    } finally {
      appends.mockRestore();
    }
    expect((await ledger.store.readStream('shipment-redecided')).version).toBe(4);
  });

  it('answers the chunk being stored before it fails when reading the next chunk fails', async () => {
    const run = (id: string) => ({ useCase: shipmentCommands, id, command: { type: 'ReportShipment' as const, data: dprkShipment }, options: { metadata } });
    const chunks = (function* () {
      yield [run('before-failure')];
      throw new Error('the next chunk cannot be read');
    })();
    const answered: ImportResult[][] = [];
    await expect(ledger.commands.importAll(chunks, (stored) => void answered.push(stored))).rejects.toThrow('the next chunk cannot be read');
    expect(answered).toEqual([[expect.objectContaining({ ok: true, result: expect.objectContaining({ streamId: 'shipment-before-failure', version: 1 }) })]]);
    expect((await ledger.store.readStream('shipment-before-failure')).version).toBe(1);
  });
});
