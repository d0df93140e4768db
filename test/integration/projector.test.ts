import type { StoredEvent } from '@policy-ledger/contracts';
import { applyOrPark, negotiationsBoardProjection, readNegotiationsBoard, registerProjection } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { israelAidRequest, ukraineAidRequest, ukraineIsraelPackage } from '@policy-ledger/testing';
import { event } from '../support/events';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

const fact = { occurredAt: { from: '2023-10-13', precision: 'day' }, sources: ukraineIsraelPackage.sources, confidence: 'assessed' };

describe('the negotiations board projection on PostgreSQL', () => {
  let source: Ledger;
  let first: Ledger;
  let second: Ledger;
  let log: StoredEvent[];

  beforeAll(async () => {
    [source, first, second] = await Promise.all([openTestLedger('projector_log'), openTestLedger('projector_a'), openTestLedger('projector_b')]);
    // Two requests, and a package bundling both: three streams.
    await source.store.append('aid-request-ua-24b', 'aid-request', 0, [
      event('AidRequested', ukraineAidRequest),
      event('PositionRecorded', { actor: { name: 'House conservatives', country: 'US' }, stance: 'opposes', ...fact }),
    ]);
    await source.store.append('aid-request-il-14b', 'aid-request', 0, [event('AidRequested', israelAidRequest)]);
    await source.store.append('package-ua-il', 'package', 0, [
      event('PackageProposed', ukraineIsraelPackage),
      event('PackageBundled', { aidRequestIds: ['ua-24b', 'il-14b'], ...fact }),
    ]);
    log = await source.store.readAll(0, 100);
    for (const ledger of [first, second]) await registerProjection(ledger.db, negotiationsBoardProjection.name);
  });
  afterAll(async () => Promise.all([source, first, second].map(dropTestLedger)));

  const rows = async (ledger: Ledger) => ({
    aidRequests: (await ledger.db.query('SELECT id, doc FROM rm_aid_requests ORDER BY id')).rows,
    packages: (await ledger.db.query('SELECT id, aid_request_ids, doc FROM rm_packages ORDER BY id')).rows,
  });

  it('applied twice to the same messages, leaves the same rows', async () => {
    for (const e of log) expect(await applyOrPark(first.db, negotiationsBoardProjection, e)).toBe(true);
    const once = await rows(first);
    for (const e of log) expect(await applyOrPark(first.db, negotiationsBoardProjection, e)).toBe(false);
    expect(await rows(first)).toEqual(once);
    expect(once.packages).toHaveLength(1);
  });

  it('gives the same board whichever order the streams arrive in (each stream in its own order)', async () => {
    const byStream = (id: string) => log.filter((e) => e.streamId === id);
    const packageFirst = [...byStream('package-ua-il'), ...byStream('aid-request-il-14b'), ...byStream('aid-request-ua-24b')];
    for (const e of packageFirst) await applyOrPark(second.db, negotiationsBoardProjection, e);
    const board = await readNegotiationsBoard(second.db);
    expect(board).toEqual(await readNegotiationsBoard(first.db));
    expect(board.packages[0]).toMatchObject({ id: 'ua-il', status: 'bundled', pendingAidRequestIds: [] });
    expect(board.packages[0]?.aidRequests.map((r) => [r.id, r.contested])).toEqual([
      ['ua-24b', true],
      ['il-14b', false],
    ]);
  });
});
