import type { StoredEvent } from '@policy-ledger/contracts';
import { israelAidRequest, storedEvents, ukraineAidRequest, ukraineIsraelPackage } from '@policy-ledger/testing';
import { foldDocuments, present } from '../projection';
import { boardChanges } from './negotiations-board.changes';
import { aidRequestDocuments, packageDocuments } from './negotiations-board.projection';
import { assembleBoard } from './negotiations-board.view';

const fact = { occurredAt: { from: '2023-11-02', precision: 'day' }, sources: [{ publisher: 'Congress.gov', sourceClass: 'legislative_record' }], confidence: 'confirmed' };
const bill = { congress: 118, type: 'hr', number: 815 };
const opposes = { actor: { name: 'conservative House Republicans', country: 'US' }, stance: 'opposes', ...fact };

/** The story as one log: the prefix up to a count of events is the board "as of" that moment. */
const log = storedEvents({
  'aid-request-ua-24b': {
    streamType: 'aid-request',
    events: [
      { type: 'AidRequested', data: ukraineAidRequest },
      { type: 'PositionRecorded', data: opposes },
    ],
  },
  'aid-request-il-14b': { streamType: 'aid-request', events: [{ type: 'AidRequested', data: israelAidRequest }] },
  'package-ua-il': {
    streamType: 'package',
    events: [
      { type: 'PackageProposed', data: ukraineIsraelPackage },
      { type: 'PackageBundled', data: { aidRequestIds: ['ua-24b'], ...fact } },
      { type: 'PackageBundled', data: { aidRequestIds: ['il-14b'], ...fact } },
      { type: 'PackageAttachedToBill', data: { bill, ...fact } },
      { type: 'LegislativeActionRecorded', data: { bill, chamber: 'house', action: 'passed', vote: { yea: 311, nay: 112 }, ...fact } },
    ],
  },
});

/** The board after these events, folded by the projection's own code. */
function boardOf(events: readonly StoredEvent[]) {
  return assembleBoard(present(foldDocuments(aidRequestDocuments, events)), present(foldDocuments(packageDocuments, events)));
}
const upTo = (...streamIdsAndCounts: [string, number][]) =>
  boardOf(streamIdsAndCounts.flatMap(([streamId, count]) => log.filter((e) => e.streamId === streamId).slice(0, count)));

describe('what changed on the negotiations board between two moments', () => {
  it('finds nothing between a board and itself', () => {
    expect(boardChanges(boardOf(log), boardOf(log))).toEqual({ changes: [] });
    expect(boardChanges(boardOf([]), boardOf([]))).toEqual({ changes: [] });
  });

  it('lists everything as added when the ledger knew nothing at the start', () => {
    const { changes } = boardChanges(boardOf([]), upTo(['aid-request-ua-24b', 1], ['package-ua-il', 2]));
    expect(changes).toEqual([
      { kind: 'package-added', packageId: 'ua-il', title: 'Ukraine and Israel security supplemental', status: 'bundled' },
      { kind: 'amount-changed', packageId: 'ua-il', recipient: 'UA', currency: 'USD', from: null, to: '24000000000' },
      { kind: 'aid-request-added', aidRequestId: 'ua-24b', packageId: 'ua-il', status: 'bundled', total: { amount: '24000000000', currency: 'USD' } },
    ]);
  });

  it('names status, bill and amount changes, and the actions and positions recorded since', () => {
    const before = upTo(['aid-request-ua-24b', 1], ['aid-request-il-14b', 1], ['package-ua-il', 2]);
    const { changes } = boardChanges(before, boardOf(log));
    expect(changes).toEqual([
      { kind: 'status-changed', subject: 'package', id: 'ua-il', from: 'bundled', to: 'passed_one_chamber' },
      { kind: 'bill-changed', packageId: 'ua-il', from: null, to: 'H.R. 815 (118th Congress)' },
      { kind: 'amount-changed', packageId: 'ua-il', recipient: 'IL', currency: 'USD', from: null, to: '14300000000' },
      {
        kind: 'action-recorded',
        packageId: 'ua-il',
        action: expect.objectContaining({ bill: 'H.R. 815 (118th Congress)', chamber: 'house', action: 'passed', vote: { yea: 311, nay: 112 } }),
      },
      { kind: 'position-recorded', aidRequestId: 'ua-24b', packageId: 'ua-il', position: expect.objectContaining({ stance: 'opposes', actor: opposes.actor }) },
      { kind: 'status-changed', subject: 'aid-request', id: 'il-14b', from: 'requested', to: 'bundled' },
    ]);
    const action = changes.find((c) => c.kind === 'action-recorded');
    expect(action && 'action' in action && Object.keys(action.action)).not.toContain('billKey');
  });

  it('shows an amount that went away as going to null', () => {
    const { changes } = boardChanges(upTo(['aid-request-ua-24b', 1], ['package-ua-il', 2]), upTo(['package-ua-il', 2]));
    expect(changes).toEqual([{ kind: 'amount-changed', packageId: 'ua-il', recipient: 'UA', currency: 'USD', from: '24000000000', to: null }]);
  });
});
