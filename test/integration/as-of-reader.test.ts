import { AsOfBusyError, AsOfReader } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { dprkShipment, ukraineAidRequest, ukraineIsraelPackage } from '@policy-ledger/testing';
import { event } from '../support/events';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

const fact = { occurredAt: { from: '2023-11-02', precision: 'day' }, sources: ukraineIsraelPackage.sources, confidence: 'confirmed' };

describe('the as-of reader', () => {
  let ledger: Ledger;
  /** The recorded time after each round of writes. */
  const times: string[] = [];

  beforeAll(async () => {
    ledger = await openTestLedger('as_of_reader');
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 30; i++) {
        const id = `${round}-${i}`;
        await ledger.store.append(`aid-request-r${id}`, 'aid-request', 0, [event('AidRequested', ukraineAidRequest)]);
        await ledger.store.append(`shipment-s${id}`, 'shipment', 0, [event('ShipmentReported', { ...dprkShipment, supplier: i % 2 ? 'KP' : 'IR' })]);
      }
      const { version } = await ledger.store.readStream('package-p');
      const proposal = version === 0 ? [event('PackageProposed', ukraineIsraelPackage)] : [];
      await ledger.store.append('package-p', 'package', version, [...proposal, event('PackageBundled', { aidRequestIds: [`r${round}-0`, `r${round}-1`], ...fact })]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      times.push(new Date().toISOString());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });
  afterAll(async () => dropTestLedger(ledger));

  const page = { limit: 200 };

  it('answers as a fresh replay does, whatever the order of the times asked and however small its memory (folding onto a kept earlier state)', async () => {
    const fresh = async (asOf: string) => {
      const reader = new AsOfReader(ledger.db, { cacheBytes: 0, pageSize: 7, maxWaiting: 4 });
      return { board: await reader.board(asOf), corridors: await reader.corridors(asOf, {}, page) };
    };
    const expected = await Promise.all(times.map(fresh));
    expect(expected.map((e) => e.board.unbundledAidRequests.length + e.board.packages.flatMap((p) => p.aidRequests).length)).toEqual([30, 60, 90, 120]);

    for (const cacheBytes of [64 * 1024 * 1024, 150_000]) {
      const reader = new AsOfReader(ledger.db, { cacheBytes, pageSize: 11, maxWaiting: 4 });
      for (const index of [0, 3, 1, 2, 3, 0]) {
        const asOf = times[index] as string;
        expect(await reader.board(asOf)).toEqual(expected[index]?.board);
        expect(await reader.corridors(asOf, {}, page)).toEqual(expected[index]?.corridors);
      }
    }
  });

  it('folds one read at a time and refuses reads past its waiting bound with AsOfBusyError', async () => {
    const reader = new AsOfReader(ledger.db, { cacheBytes: 0, pageSize: 5, maxWaiting: 2 });
    const outcomes = await Promise.allSettled(times.map((asOf) => reader.board(asOf)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(refused).toHaveLength(2);
    expect(refused.every((reason) => reason instanceof AsOfBusyError)).toBe(true);
    // Once they are done, it takes reads again.
    expect((await reader.board(times[3] as string)).packages).toHaveLength(1);
  });
});
