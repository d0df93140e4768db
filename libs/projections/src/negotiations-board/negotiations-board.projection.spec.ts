import type { StoredEvent } from '@policy-ledger/event-store';
import { israelAidRequest, ukraineAidRequest, ukraineIsraelPackage } from '../../../../test/support/article';
import { storedEvents } from '../../../../test/support/stored-events';
import { type AidRequestRow, evolveAidRequest, evolvePackage, type PackageRow } from './negotiations-board.projection';
import { assembleBoard } from './negotiations-board.view';

const bundle = { aidRequestIds: ['ua-24b', 'il-14b'], occurredAt: { from: '2023-10-13', precision: 'day' }, sources: ukraineIsraelPackage.sources, confidence: 'assessed' };
const log = storedEvents({
  'aid-request-ua-24b': { streamType: 'aid-request', events: [{ type: 'AidRequested', data: ukraineAidRequest }] },
  'aid-request-il-14b': { streamType: 'aid-request', events: [{ type: 'AidRequested', data: israelAidRequest }] },
  'aid-request-tw-2b': {
    streamType: 'aid-request',
    events: [{ type: 'AidRequested', data: { ...ukraineAidRequest, lines: [{ recipient: 'TW', purpose: 'military', amount: { amount: '2000000000', currency: 'USD' } }], total: { amount: '2000000000', currency: 'USD' } } }],
  },
  'package-ua-il': { streamType: 'package', events: [{ type: 'PackageProposed', data: ukraineIsraelPackage }, { type: 'PackageBundled', data: bundle }] },
});

/** Applies events row by row, as the repository does, and assembles the board. */
function board(events: readonly StoredEvent[]) {
  const aid = new Map<string, AidRequestRow | null>();
  const packages = new Map<string, PackageRow | null>();
  for (const event of events) {
    if (event.streamType === 'aid-request') aid.set(event.streamId, evolveAidRequest(aid.get(event.streamId) ?? null, event));
    else packages.set(event.streamId, evolvePackage(packages.get(event.streamId) ?? null, event));
  }
  const rows = <T>(map: Map<string, T | null>) => [...map.values()].filter((row): row is T => row !== null);
  return assembleBoard(rows(aid), rows(packages));
}

describe('negotiations board projection', () => {
  it('bundles requests into packages with exact amounts by recipient', () => {
    const result = board(log);
    expect(result.packages).toHaveLength(1);
    expect(result.packages[0]).toMatchObject({
      id: 'ua-il',
      status: 'bundled',
      title: 'Ukraine and Israel security supplemental',
      pendingAidRequestIds: [],
      amountsByRecipient: [
        { recipient: 'IL', currency: 'USD', amount: '14300000000' },
        { recipient: 'UA', currency: 'USD', amount: '24000000000' },
      ],
    });
    expect(result.packages[0]?.aidRequests.map((r) => [r.id, r.status])).toEqual([
      ['ua-24b', 'bundled'],
      ['il-14b', 'bundled'],
    ]);
    expect(result.unbundledAidRequests.map((r) => [r.id, r.status])).toEqual([['tw-2b', 'requested']]);
  });

  it('gives the same rows when every event is delivered twice', () => {
    const twice = log.flatMap((event) => [event, event]);
    expect(board(twice)).toEqual(board(log));
    expect(board([...log, ...log])).toEqual(board(log));
  });

  it('gives the same board whatever order the streams arrive in', () => {
    const packageFirst = [...log.filter((e) => e.streamType === 'package'), ...log.filter((e) => e.streamType !== 'package')];
    const reversedStreams = [...new Set(log.map((e) => e.streamId))].reverse().flatMap((id) => log.filter((e) => e.streamId === id));
    expect(board(packageFirst)).toEqual(board(log));
    expect(board(reversedStreams)).toEqual(board(log));
  });

  it('shows a bundled request whose own event has not arrived yet as pending', () => {
    const withoutIsrael = log.filter((e) => e.streamId !== 'aid-request-il-14b');
    expect(board(withoutIsrael).packages[0]).toMatchObject({
      pendingAidRequestIds: ['il-14b'],
      amountsByRecipient: [{ recipient: 'UA', currency: 'USD', amount: '24000000000' }],
    });
  });
});
