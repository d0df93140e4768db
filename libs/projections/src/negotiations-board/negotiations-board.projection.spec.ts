import type { StoredEvent } from '@policy-ledger/contracts';
import { israelAidRequest, storedEvents, ukraineAidRequest, ukraineIsraelPackage } from '@policy-ledger/testing';
import { foldDocuments, present } from '../projection';
import { aidRequestDocuments, packageDocuments } from './negotiations-board.projection';
import { assembleBoard, type NegotiationsFilter } from './negotiations-board.view';

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

/** Folds the events into the board's documents with the projection's own code, and assembles the board. */
function board(events: readonly StoredEvent[], filter: NegotiationsFilter = {}) {
  return assembleBoard(present(foldDocuments(aidRequestDocuments, events)), present(foldDocuments(packageDocuments, events)), filter);
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

  describe('the whole story of a request and a package', () => {
    const fact = { occurredAt: { from: '2023-11-02', precision: 'day' }, sources: ukraineIsraelPackage.sources, confidence: 'confirmed' };
    const bill = { congress: 118, type: 'hr', number: 6126 };
    const story = storedEvents({
      'aid-request-ua-24b': {
        streamType: 'aid-request',
        events: [
          { type: 'AidRequested', data: ukraineAidRequest },
          { type: 'PositionRecorded', data: { actor: { name: 'House conservatives', country: 'US' }, stance: 'opposes', ...fact } },
          { type: 'AidRequestSuperseded', data: { supersededBy: 'ua-61b', ...fact } },
        ],
      },
      'aid-request-ua-61b': {
        streamType: 'aid-request',
        events: [
          { type: 'AidRequested', data: { ...ukraineAidRequest, supersedes: 'ua-24b', lines: [{ recipient: 'UA', purpose: 'military', amount: { amount: '61400000000', currency: 'USD' } }], total: { amount: '61400000000', currency: 'USD' } } },
          { type: 'AidRequestBundled', data: { packageId: 'supplemental', ...fact } },
        ],
      },
      'package-supplemental': {
        streamType: 'package',
        events: [
          { type: 'PackageProposed', data: ukraineIsraelPackage },
          { type: 'PackageBundled', data: { aidRequestIds: ['ua-61b'], ...fact } },
          { type: 'ComponentProposed', data: { componentId: 'taiwan-aid', description: 'aid for Taiwan', recipient: 'TW', proposedBy: { name: 'members of Congress' }, ...fact } },
          { type: 'ComponentAdded', data: { componentId: 'border', description: 'border security', recipient: 'US', purpose: 'border_security', amount: { amount: '13600000000', currency: 'USD' }, ...fact } },
          { type: 'PackageAttachedToBill', data: { bill, ...fact } },
          { type: 'LegislativeActionRecorded', data: { bill, chamber: 'house', action: 'passed', vote: { yea: 226, nay: 196 }, ...fact } },
        ],
      },
    });

    it('shows the status of the bill, components apart from floated additions, and positions carried over by supersession', () => {
      const result = board(story);
      const [pkg] = result.packages;
      expect(pkg).toMatchObject({
        status: 'passed_one_chamber',
        bill: { label: 'H.R. 6126 (118th Congress)' },
        components: [expect.objectContaining({ componentId: 'border' })],
        proposedAdditions: [expect.objectContaining({ componentId: 'taiwan-aid', recipient: 'TW' })],
        amountsByRecipient: [
          { recipient: 'UA', currency: 'USD', amount: '61400000000' },
          { recipient: 'US', currency: 'USD', amount: '13600000000' },
        ],
        lastAction: expect.objectContaining({ summary: 'house passed 226-196 on H.R. 6126 (118th Congress)' }),
      });
      expect(pkg?.positions).toEqual([expect.objectContaining({ stance: 'opposes', from: 'ua-24b', aidRequestId: 'ua-61b' })]);
      expect(result.unbundledAidRequests.map((r) => [r.id, r.status, r.contested, r.supersededBy])).toEqual([['ua-24b', 'superseded', false, 'ua-61b']]);
    });

    it('answers "where does Ukraine aid stand?" and "which packages carry Israel aid?" with filters', () => {
      const rows = (events: typeof story) => board(events);
      expect(rows(story).packages.map((p) => p.id)).toEqual(['supplemental']);
      const filtered = (filter: NegotiationsFilter) => board(story, filter);
      expect(filtered({ recipient: 'IL' }).packages).toEqual([]);
      expect(filtered({ recipient: 'TW' }).packages.map((p) => p.id)).toEqual(['supplemental']);
      expect(filtered({ recipient: 'UA', status: 'superseded' }).unbundledAidRequests.map((r) => r.id)).toEqual(['ua-24b']);
      expect(filtered({ status: 'enacted' }).packages).toEqual([]);
    });

    it('is the same board whatever order the streams arrive in, and on redelivery', () => {
      const ids = [...new Set(story.map((e) => e.streamId))];
      const orders = [ids, [...ids].reverse(), [ids[2], ids[0], ids[1]]];
      for (const order of orders) expect(board(order.flatMap((id) => story.filter((e) => e.streamId === id)))).toEqual(board(story));
      expect(board(story.flatMap((e) => [e, e]))).toEqual(board(story));
    });
  });
});
