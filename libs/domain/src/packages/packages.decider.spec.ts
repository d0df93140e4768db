import type { Bill, EventData } from '@policy-ledger/contracts';
import { given, givenStreams, israelAidRequest, ukraineAidRequest, ukraineIsraelPackage } from '@policy-ledger/testing';
import { fold } from '../shared/decider';
import { AidRequestAlreadyBundledError, type PackageCommand, packageCommands, packageDecider, UnknownAidRequestError } from './packages.decider';

type Action = EventData<'LegislativeActionRecorded'>;
type PackageEvent = ReturnType<typeof packageDecider.decide>[number];

const known = { knownAidRequestIds: new Set(['ukraine-24b', 'israel-14b']) };
const fact = { occurredAt: { from: '2023-10-13', precision: 'day' as const }, sources: ukraineIsraelPackage.sources, confidence: 'assessed' as const };
const proposed: PackageEvent = { type: 'PackageProposed', data: ukraineIsraelPackage };
const bundle = (aidRequestIds: string[]) => ({ type: 'BundlePackage' as const, data: { aidRequestIds, ...fact } });
const hr815: Bill = { congress: 118, type: 'hr', number: 815 };
const s100: Bill = { congress: 118, type: 's', number: 100 };
const attached = (bill: Bill, alongside = false): PackageEvent => ({ type: 'PackageAttachedToBill', data: { bill, alongside, ...fact } });
const act = (chamber: Action['chamber'], action: Action['action'], bill = hr815): Action => ({ bill, chamber, action, ...fact });
const recorded = (...actions: Action[]): PackageEvent[] => actions.map((data) => ({ type: 'LegislativeActionRecorded', data }));
const record = (data: Action): PackageCommand => ({ type: 'RecordLegislativeAction', data });

describe('package decider', () => {
  it('proposes a package', () => {
    given(packageDecider, [], known).when({ type: 'ProposePackage', data: ukraineIsraelPackage }).then([proposed]);
  });

  it('refuses to propose the same package twice', () => {
    given(packageDecider, [proposed], known).when({ type: 'ProposePackage', data: ukraineIsraelPackage }).thenThrows(expect.objectContaining({ code: 'package.already-proposed', kind: 'conflict' }));
  });

  it('bundles known aid requests, each once', () => {
    given(packageDecider, [proposed], known)
      .when(bundle(['ukraine-24b', 'israel-14b', 'ukraine-24b']))
      .then([{ type: 'PackageBundled', data: expect.objectContaining({ aidRequestIds: ['ukraine-24b', 'israel-14b'] }) }]);
  });

  it('takes no command but ProposePackage before it is proposed', () => {
    const notFound = expect.objectContaining({ code: 'package.not-found', kind: 'not-found' });
    given(packageDecider, [], known).when(bundle(['ukraine-24b'])).thenThrows(notFound);
    given(packageDecider, [], known).when({ type: 'AttachToBill', data: { bill: hr815, alongside: false, ...fact } }).thenThrows(notFound);
  });

  it('refuses to bundle an unknown aid request, naming it', () => {
    const when = given(packageDecider, [proposed], known).when(bundle(['ukraine-24b', 'taiwan-2b']));
    when.thenThrows(UnknownAidRequestError);
    when.thenThrows(expect.objectContaining({ code: 'package.unknown-aid-request', aidRequestIds: ['taiwan-2b'] }));
  });

  it('refuses to bundle an aid request the package already holds', () => {
    const bundled: PackageEvent = { type: 'PackageBundled', data: bundle(['ukraine-24b']).data };
    const when = given(packageDecider, [proposed, bundled], known).when(bundle(['israel-14b', 'ukraine-24b']));
    when.thenThrows(AidRequestAlreadyBundledError);
    when.thenThrows(/ukraine-24b/);
  });

  describe('components', () => {
    const taiwan = { componentId: 'taiwan-aid', description: 'aid for Taiwan', recipient: 'TW', proposedBy: { name: 'some members of Congress' }, ...fact };
    const floated: PackageEvent = { type: 'ComponentProposed', data: taiwan };

    it('floats an addition, then takes it in by id, then removes it', () => {
      given(packageDecider, [proposed], known).when({ type: 'ProposeComponent', data: taiwan }).then([floated]);
      const add = { type: 'AddComponent' as const, data: { componentId: 'taiwan-aid', ...fact } };
      given(packageDecider, [proposed, floated], known).when(add).then([{ type: 'ComponentAdded', data: add.data }]);
      const remove = { type: 'RemoveComponent' as const, data: { componentId: 'taiwan-aid', reason: 'dropped to pass the House', ...fact } };
      expect(given(packageDecider, [proposed, floated, { type: 'ComponentAdded', data: add.data }], known).when(remove).decided()).toHaveLength(1);
    });

    it.each([
      ['package.component-exists', [proposed, floated], { type: 'ProposeComponent', data: taiwan }],
      ['package.component-needs-description', [proposed], { type: 'AddComponent', data: { componentId: 'border-funding', ...fact } }],
      ['package.component-already-in', [proposed, floated, { type: 'ComponentAdded', data: { componentId: 'taiwan-aid', ...fact } }], { type: 'AddComponent', data: { componentId: 'taiwan-aid', ...fact } }],
      ['package.unknown-component', [proposed, floated], { type: 'RemoveComponent', data: { componentId: 'taiwan-aid', reason: 'x', ...fact } }],
    ] as [string, PackageEvent[], PackageCommand][])('refuses with %s', (code, past, command) => {
      given(packageDecider, past, known).when(command).thenThrows(expect.objectContaining({ code, kind: 'rule-violated' }));
    });
  });

  describe('legislation', () => {
    const onBill = [proposed, attached(hr815)];
    const statusAfter = (events: PackageEvent[]) => fold(packageDecider, events).status;

    it('follows the bill through both chambers to law', () => {
      const actions = [act('house', 'introduced'), act('house', 'passed'), act('senate', 'passed'), act('president', 'presented'), act('president', 'signed'), act('president', 'became_law')];
      const path = recorded(...actions);
      const statuses = path.map((_, i) => statusAfter([...onBill, ...path.slice(0, i + 1)]));
      expect(statusAfter([proposed])).toBe('proposed');
      expect(statusAfter(onBill)).toBe('attached_to_bill');
      expect(statuses).toEqual(['attached_to_bill', 'passed_one_chamber', 'passed_both', 'presented', 'enacted', 'enacted']);
      for (const [i, event] of path.entries()) {
        given(packageDecider, [...onBill, ...path.slice(0, i)], known).when(record(actions[i] as Action)).then([event]);
      }
    });

    it.each([
      ['legislation.second-chamber-before-first', [], act('senate', 'passed')],
      ['legislation.presented-before-passage', recorded(act('house', 'passed')), act('president', 'presented')],
      ['legislation.not-presented', recorded(act('house', 'passed'), act('senate', 'passed')), act('president', 'signed')],
      ['legislation.no-veto', recorded(act('house', 'passed'), act('senate', 'passed'), act('president', 'presented')), act('house', 'veto_overridden')],
      ['legislation.not-signed', recorded(act('house', 'passed'), act('senate', 'passed'), act('president', 'presented')), act('president', 'became_law')],
      ['legislation.enacted', recorded(act('house', 'passed'), act('senate', 'passed'), act('president', 'presented'), act('president', 'signed')), act('house', 'passed')],
    ] as [string, PackageEvent[], Action][])('refuses with %s, naming the bill', (code, past, action) => {
      const when = given(packageDecider, [...onBill, ...past], known).when(record(action));
      when.thenThrows(expect.objectContaining({ code, kind: 'rule-violated' }));
      when.thenThrows(/H\.R\. 815/);
    });

    it('lets a Senate bill pass the Senate first, and takes corrections after it became law', () => {
      const senateBill = [proposed, attached(s100)];
      expect(given(packageDecider, senateBill, known).when(record(act('senate', 'passed', s100))).decided()).toHaveLength(1);
      given(packageDecider, senateBill, known).when(record(act('house', 'passed', s100))).thenThrows(expect.objectContaining({ code: 'legislation.second-chamber-before-first' }));
      const enacted = recorded(act('senate', 'passed', s100), act('house', 'passed', s100), act('president', 'presented', s100), act('president', 'signed', s100));
      expect(given(packageDecider, [...senateBill, ...enacted], known).when(record(act('president', 'correction', s100))).decided()).toHaveLength(1);
      given(packageDecider, [...senateBill, ...enacted], known).when(bundle(['ukraine-24b'])).thenThrows(expect.objectContaining({ code: 'package.enacted' }));
    });

    it('records actions only on the bill that carries the package now, whose record its status follows', () => {
      given(packageDecider, [proposed], known).when(record(act('house', 'passed'))).thenThrows(expect.objectContaining({ code: 'legislation.bill-not-attached' }));
      given(packageDecider, onBill, known).when(record(act('senate', 'passed', s100))).thenThrows(expect.objectContaining({ code: 'legislation.bill-not-attached' }));
      const failedOnFirst = [...onBill, ...recorded(act('house', 'passed'), act('senate', 'cloture_failed'))];
      expect(statusAfter(failedOnFirst)).toBe('cloture_failed');
      expect(statusAfter([...failedOnFirst, attached(s100)])).toBe('attached_to_bill');
    });
  });

  describe('several bills at once, and the money of each version', () => {
    const hr8035: Bill = { congress: 118, type: 'hr', number: 8035 };
    const hr8036: Bill = { congress: 118, type: 'hr', number: 8036 };
    const split = [proposed, attached(hr8035, true), attached(hr8036, true)];
    const statusAfter = (events: PackageEvent[]) => fold(packageDecider, events).status;
    const line = { recipient: 'UA', purpose: 'military' as const, amount: { amount: '60840000000', currency: 'USD' } };
    const amounts = (bill: Bill) => ({ type: 'RecordBillAmounts' as const, data: { bill, version: 'house' as const, lines: [line], ...fact } });

    it('is carried by each bill it is attached to alongside the others; its status is the least advanced of them', () => {
      expect(fold(packageDecider, split)).toMatchObject({ bills: [hr8035, hr8036], status: 'attached_to_bill' });
      const onePassed = [...split, ...recorded(act('house', 'passed', hr8035))];
      expect(statusAfter(onePassed)).toBe('attached_to_bill');
      expect(statusAfter([...onePassed, ...recorded(act('house', 'passed', hr8036))])).toBe('passed_one_chamber');
      given(packageDecider, split, known).when({ type: 'AttachToBill', data: { bill: hr8035, alongside: true, ...fact } }).thenThrows(expect.objectContaining({ code: 'package.bill-already-carrying' }));
    });

    it('is detached from a bill whose part was joined into another; that bill keeps its record, actions on it are refused', () => {
      const joined = [...split, ...recorded(act('house', 'passed', hr8035)), { type: 'PackageDetachedFromBill', data: { bill: hr8035, reason: 'joined into H.R. 815', ...fact } } as PackageEvent];
      expect(fold(packageDecider, joined)).toMatchObject({ bills: [hr8036], actions: { '118-hr-8035': [expect.objectContaining({ action: 'passed' })] } });
      given(packageDecider, joined, known).when(record(act('senate', 'passed', hr8035))).thenThrows(expect.objectContaining({ code: 'legislation.bill-not-attached' }));
      given(packageDecider, joined, known).when({ type: 'DetachFromBill', data: { bill: hr8035, reason: 'again', ...fact } }).thenThrows(expect.objectContaining({ code: 'legislation.bill-not-attached' }));
      // Moving (not alongside) replaces every bill carrying it.
      expect(fold(packageDecider, [...joined, attached(hr815)])).toMatchObject({ bills: [hr815] });
    });

    it('records a version\'s amounts for a bill that carries or carried it, even once enacted; assessments at any time', () => {
      expect(given(packageDecider, split, known).when(amounts(hr8035)).decided()).toEqual([{ type: 'BillAmountsRecorded', data: amounts(hr8035).data }]);
      given(packageDecider, split, known).when(amounts(hr815)).thenThrows(expect.objectContaining({ code: 'legislation.bill-not-attached' }));
      given(packageDecider, [proposed], known).when(amounts(hr815)).thenThrows(/H\.R\. 815/);
      const enacted = [proposed, attached(hr815), ...recorded(act('house', 'passed'), act('senate', 'passed'), act('president', 'presented'), act('president', 'signed'))];
      expect(given(packageDecider, enacted, known).when({ ...amounts(hr815), data: { ...amounts(hr815).data, version: 'enacted' } }).decided()).toHaveLength(1);
      const kiel = { type: 'RecordAssessment' as const, data: { assessor: 'Kiel Institute for the World Economy', measure: 'new_commitments' as const, lines: [line], ...fact } };
      expect(given(packageDecider, enacted, known).when(kiel).decided()).toEqual([{ type: 'AmountsAssessed', data: kiel.data }]);
      given(packageDecider, enacted, known).when({ type: 'AttachToBill', data: { bill: hr8035, alongside: true, ...fact } }).thenThrows(expect.objectContaining({ code: 'package.enacted' }));
    });
  });

  describe('bundling, across the package and its requests (one transaction)', () => {
    const ua = { type: 'AidRequested', data: ukraineAidRequest } as const;
    const il = { type: 'AidRequested', data: israelAidRequest } as const;
    const inFirst = { type: 'AidRequestBundled', data: { packageId: 'first', ...fact } } as const;
    const mark = (packageId: string) => ({ type: 'AidRequestBundled', data: { packageId, ...fact } });

    it('writes PackageBundled on the package and AidRequestBundled on each request, at the versions it read', async () => {
      await givenStreams({ 'package-ua-il': [proposed], 'aid-request-ua-24b': [ua], 'aid-request-il-14b': [il] })
        .when(packageCommands, 'ua-il', bundle(['ua-24b', 'il-14b']))
        .then([
          { streamId: 'package-ua-il', version: 1, events: [{ type: 'PackageBundled', data: { aidRequestIds: ['ua-24b', 'il-14b'], ...fact } }] },
          { streamId: 'aid-request-ua-24b', version: 1, events: [mark('ua-il')] },
          { streamId: 'aid-request-il-14b', version: 1, events: [mark('ua-il')] },
        ]);
    });

    it('keeps a request in at most one active package, and lets a failed package give it up', async () => {
      const first = [proposed, attached(hr815), ...recorded(act('house', 'passed'))];
      await givenStreams({ 'package-second': [proposed], 'package-first': first, 'aid-request-ua-24b': [ua, inFirst] })
        .when(packageCommands, 'second', bundle(['ua-24b']))
        .thenThrows(expect.objectContaining({ code: 'aid-request.in-another-package', details: { packageId: 'first' } }));
      const failed = [...first, ...recorded(act('senate', 'failed'))];
      const writes = await givenStreams({ 'package-second': [proposed], 'package-first': failed, 'aid-request-ua-24b': [ua, inFirst] })
        .when(packageCommands, 'second', bundle(['ua-24b']))
        .decided();
      expect(writes.map((w) => [w.streamId, w.events.map((e) => e.type)])).toEqual([
        ['package-second', ['PackageBundled']],
        ['aid-request-ua-24b', ['AidRequestBundled']],
      ]);
    });

    it('refuses unknown requests by name before anything else', async () => {
      await givenStreams({ 'package-ua-il': [proposed], 'aid-request-ua-24b': [ua] })
        .when(packageCommands, 'ua-il', bundle(['ua-24b', 'tw-2b']))
        .thenThrows(expect.objectContaining({ code: 'package.unknown-aid-request', aidRequestIds: ['tw-2b'] }));
    });
  });
});
