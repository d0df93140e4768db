import {
  AsOfReader,
  NEGOTIATIONS_BOARD,
  negotiationsBoardProjection,
  readAidRequest,
  readNegotiationsBoard,
  readProjectionStatuses,
  rebuildProjection,
  waitForPosition,
} from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { ukraineAidRequest, ukraineIsraelPackage } from '@policy-ledger/testing';
import { event } from '../support/events';
import { dropTestLedger, type Mode, openTestLedger } from '../support/test-ledger';

const modes: Mode[] = ['production', 'embedded'];
const fact = { occurredAt: { from: '2023-11-02', precision: 'day' }, sources: ukraineIsraelPackage.sources, confidence: 'confirmed' };

/** n aid requests, every third one bundled into one of a few packages, some contested. */
async function writeStory(ledger: Ledger, from: number, n: number): Promise<number> {
  let head = 0;
  for (let i = from; i < from + n; i++) {
    const id = `r${i}`;
    const events = [event('AidRequested', { ...ukraineAidRequest, total: ukraineAidRequest.total })];
    if (i % 5 === 0) events.push(event('PositionRecorded', { actor: { name: `member ${i}`, country: 'US' }, stance: 'opposes', ...fact }));
    head = (await ledger.store.append(`aid-request-${id}`, 'aid-request', 0, events)).position;
    if (i % 3 === 0) {
      const pkg = `package-p${i % 4}`;
      const { version } = await ledger.store.readStream(pkg);
      const proposal = version === 0 ? [event('PackageProposed', ukraineIsraelPackage)] : [];
      head = (await ledger.store.append(pkg, 'package', version, [...proposal, event('PackageBundled', { aidRequestIds: [id], ...fact })])).position;
    }
  }
  return head;
}

describe.each(modes)('rebuilding a projection without downtime in the %s mode', (mode) => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await openTestLedger(`rebuild_${mode}`, { mode });
    ledger.startRelay();
    await ledger.startProjector();
  });
  afterAll(async () => dropTestLedger(ledger));

  it('gives the same board as the live projection on the same events', async () => {
    const head = await writeStory(ledger, 0, 300);
    expect(await waitForPosition(ledger.db, NEGOTIATIONS_BOARD, head, 60_000)).toBeGreaterThanOrEqual(head);
    const live = await readNegotiationsBoard(ledger.db);
    expect(live.packages.length).toBe(4);

    const result = await rebuildProjection(ledger.db, negotiationsBoardProjection);
    expect(result.position).toBe(head);
    expect(result.events).toBe((await ledger.store.readAll(0, 10_000)).length);
    expect(await readNegotiationsBoard(ledger.db)).toEqual(live);
  });

  it('keeps answering every query and applying new events while it rebuilds, then equals a replay of the whole log', async () => {
    let stop = false;
    let queries = 0;
    const failures: unknown[] = [];
    const states = new Set<string>();
    const reader = (async () => {
      while (!stop) {
        try {
          const board = await readNegotiationsBoard(ledger.db);
          if (board.packages.length !== 4) failures.push(new Error(`a board with ${board.packages.length} packages`));
          await readAidRequest(ledger.db, 'r3');
          const { projections } = await readProjectionStatuses(ledger.db, [NEGOTIATIONS_BOARD]);
          for (const p of projections) states.add(p.state);
          queries += 1;
        } catch (error) {
          failures.push(error);
        }
      }
    })();
    const progress: number[] = [];
    const [result, head] = await Promise.all([
      rebuildProjection(ledger.db, negotiationsBoardProjection, (p) => progress.push(p.position)),
      writeStory(ledger, 300, 60),
    ]);
    await waitForPosition(ledger.db, NEGOTIATIONS_BOARD, head, 60_000);
    stop = true;
    await reader;

    expect(failures).toEqual([]);
    expect(queries).toBeGreaterThan(0);
    expect(states.has('rebuilding')).toBe(true);
    expect(progress.length).toBeGreaterThan(1);
    expect(result.position).toBeLessThanOrEqual(head);
    const { projections } = await readProjectionStatuses(ledger.db, [NEGOTIATIONS_BOARD]);
    expect(projections[0]).toMatchObject({ state: 'live', position: head });
    const replayed = await new AsOfReader(ledger.db).board(new Date().toISOString());
    const { position: _position, ...board } = replayed;
    expect(await readNegotiationsBoard(ledger.db)).toEqual(board);
    expect(board.unbundledAidRequests.length + board.packages.reduce((n, p) => n + p.aidRequests.length, 0)).toBe(360);
  });
});
