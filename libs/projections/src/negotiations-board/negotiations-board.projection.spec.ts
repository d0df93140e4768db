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

    it('counts positions carried over from the superseded request for contested (the README rule), until the actor changes its mind', () => {
      const successor = (events: readonly StoredEvent[]) => board(events).packages[0]?.aidRequests.find((r) => r.id === 'ua-61b');
      expect(successor(story)).toMatchObject({ status: 'bundled', contested: true });
      const own = story.filter((e) => e.streamId === 'aid-request-ua-61b').map((e) => ({ type: e.type, data: e.data }));
      const supports = { type: 'PositionRecorded', data: { actor: { name: 'House conservatives', country: 'US' }, stance: 'supports', ...fact } };
      const changedMind = [...story.filter((e) => e.streamId !== 'aid-request-ua-61b'), ...storedEvents({ 'aid-request-ua-61b': { streamType: 'aid-request', events: [...own, supports] } })];
      expect(successor(changedMind)).toMatchObject({ contested: false });
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

  describe('money by stage and bills as Congress moves them', () => {
    const record = { publisher: 'Congress.gov', sourceClass: 'legislative_record' };
    const on = (from: string) => ({ occurredAt: { from, precision: 'day' }, sources: [record], confidence: 'confirmed' });
    const hr7691 = { congress: 117, type: 'hr', number: 7691 };
    const usd = (amount: string, qualifier?: string) => ({ amount, currency: 'USD', ...(qualifier ? { qualifier } : {}) });
    const region = { region: 'Ukraine and countries impacted by the situation in Ukraine', countries: ['UA'] };
    const requestLines = [
      { recipient: region, purpose: 'military', amount: usd('20400000000', 'approx') },
      { recipient: 'UA', purpose: 'financial', amount: usd('8500000000', 'approx') },
      { recipient: 'US', purpose: 'other', amount: usd('500000000'), note: 'U.S. food production' },
    ];
    const houseLines = [
      { recipient: 'UA', purpose: 'military', amount: usd('6000000000') },
      { recipient: region, purpose: 'military', amount: usd('4000000000') },
      { recipient: region, purpose: 'financial', amount: usd('8766000000') },
      { recipient: 'US', purpose: 'humanitarian', amount: usd('900000000', 'approx') },
    ];
    const events = (upTo: number) =>
      storedEvents({
        'aid-request-ua-33b': {
          streamType: 'aid-request',
          events: [
            { type: 'AidRequested', data: { requester: 'President', addressee: 'US Congress', lines: requestLines, total: usd('33000000000', 'approx'), ...on('2022-04-28') } },
            { type: 'PositionRecorded', data: { actor: { name: 'Rand Paul', country: 'US' }, stance: 'sets_conditions', conditions: ['an inspector general'], ...on('2022-05-12') } },
          ],
        },
        'package-ua-2022': {
          streamType: 'package',
          events: [
            { type: 'PackageProposed', data: { title: 'Additional Ukraine Supplemental', sponsor: 'House Appropriations', ...on('2022-05-10') } },
            { type: 'PackageBundled', data: { aidRequestIds: ['ua-33b'], ...on('2022-05-10') } },
            { type: 'PackageAttachedToBill', data: { bill: hr7691, ...on('2022-05-10') } },
            { type: 'LegislativeActionRecorded', data: { bill: hr7691, chamber: 'house', action: 'rule_adopted', rule: { congress: 117, type: 'hres', number: 1097 }, vote: { yea: 217, nay: 202 }, ...on('2022-05-10') } },
            { type: 'LegislativeActionRecorded', data: { bill: hr7691, chamber: 'house', action: 'passed', vote: { yea: 368, nay: 57 }, ...on('2022-05-10') } },
            { type: 'BillAmountsRecorded', data: { bill: hr7691, version: 'house', lines: houseLines, statedTotal: usd('39800000000', 'approx'), ...on('2022-05-10') } },
            { type: 'LegislativeActionRecorded', data: { bill: hr7691, chamber: 'senate', action: 'cloture_invoked', clotureOn: 'motion_to_proceed', vote: { yea: 81, nay: 11 }, ...on('2022-05-16') } },
            { type: 'AmountsAssessed', data: { assessor: 'Congressional Research Service', measure: 'budget_authority', lines: [{ recipient: region, purpose: 'other', amount: usd('40100000000', 'approx') }], ...on('2022-05-20') } },
          ].slice(0, upTo),
        },
      });
    const pkgAt = (upTo: number) => board(events(upTo)).packages[0];

    it('sums the requested lines until a version of the bill is recorded, then that version: a dropped line is no longer counted', () => {
      expect(pkgAt(5)).toMatchObject({
        status: 'passed_one_chamber',
        amountsBasis: { stage: 'requested' },
        amountsByRecipient: [
          { recipient: 'UA', currency: 'USD', amount: '8500000000', qualifier: 'approx' },
          { recipient: region, currency: 'USD', amount: '20400000000', qualifier: 'approx' },
          { recipient: 'US', currency: 'USD', amount: '500000000' },
        ],
      });
      const recorded = pkgAt(6);
      expect(recorded?.amountsBasis).toEqual({ stage: 'bill_versions', versions: [{ bill: 'H.R. 7691 (117th Congress)', version: 'house' }], summary: 'the house version of H.R. 7691 (117th Congress)' });
      expect(recorded?.amountsByRecipientAndPurpose).toEqual([
        { recipient: 'UA', purpose: 'military', currency: 'USD', amount: '6000000000' },
        { recipient: region, purpose: 'financial', currency: 'USD', amount: '8766000000' },
        { recipient: region, purpose: 'military', currency: 'USD', amount: '4000000000' },
        { recipient: 'US', purpose: 'humanitarian', currency: 'USD', amount: '900000000', qualifier: 'approx' },
      ]);
    });

    it('shows every stage side by side with its source and date, none overwriting another', () => {
      const stages = pkgAt(8)?.amountsByStage ?? [];
      expect(stages.map((s) => [s.stage, s.bill, s.assessor, s.occurredAt?.from, s.totals])).toEqual([
        ['requested', null, null, '2022-04-28', [{ amount: '29400000000', currency: 'USD', qualifier: 'approx' }]],
        ['house', 'H.R. 7691 (117th Congress)', null, '2022-05-10', [{ amount: '19666000000', currency: 'USD', qualifier: 'approx' }]],
        ['assessment', null, 'Congressional Research Service', '2022-05-20', [{ amount: '40100000000', currency: 'USD', qualifier: 'approx' }]],
      ]);
      expect(stages[0]).toMatchObject({ statedTotals: [{ amount: '33000000000', currency: 'USD', qualifier: 'approx' }], lines: expect.arrayContaining([expect.objectContaining({ aidRequestId: 'ua-33b', note: 'U.S. food production' })]) });
      expect(stages[1]).toMatchObject({ statedTotals: [{ amount: '39800000000', currency: 'USD', qualifier: 'approx' }], sources: [record] });
    });

    it('shows each bill with its status, summary and procedure; procedure is never passage', () => {
      expect(pkgAt(4)).toMatchObject({ status: 'attached_to_bill', bills: [{ label: 'H.R. 7691 (117th Congress)', status: 'attached_to_bill', procedure: [expect.objectContaining({ action: 'rule_adopted', rule: 'H.Res. 1097 (117th Congress)', procedure: true })] }] });
      expect(pkgAt(7)?.bills[0]).toMatchObject({ status: 'passed_one_chamber', summary: 'passed House 368-57, Senate pending', carrying: true, agreed: ['house'] });
    });

    it('finds a request by a country named in a group, and counts a carried-over or own condition as contested', () => {
      expect(board(events(0), { recipient: 'UA' }).unbundledAidRequests.map((r) => [r.id, r.status, r.contested])).toEqual([['ua-33b', 'contested', true]]);
      expect(board(events(8), { recipient: 'UA' }).packages.map((p) => p.id)).toEqual(['ua-2022']);
      expect(board(events(8), { recipient: 'PL' }).packages).toEqual([]);
    });

    it('is the same board whatever order the streams arrive in, and on redelivery', () => {
      const log = events(8);
      const reversed = [...new Set(log.map((e) => e.streamId))].reverse().flatMap((id) => log.filter((e) => e.streamId === id));
      expect(board(reversed)).toEqual(board(log));
      expect(board(log.flatMap((e) => [e, e]))).toEqual(board(log));
    });
  });
});
