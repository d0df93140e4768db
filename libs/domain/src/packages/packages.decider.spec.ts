import type { Bill, LegislativeActionRecordedV1 } from '@policy-ledger/contracts';
import { ukraineIsraelPackage } from '../../../../test/support/article';
import { given } from '../shared/given-when-then';
import { fold } from '../shared/decider';
import type { PackageCommand } from './packages.commands';
import { packageDecider } from './packages.decider';
import { AidRequestAlreadyBundledError, PackageAlreadyProposedError, PackageNotFoundError, UnknownAidRequestError } from './packages.errors';
import type { PackageEvent } from './packages.events';

const known = { knownAidRequestIds: new Set(['ukraine-24b', 'israel-14b']) };
const fact = { occurredAt: { from: '2023-10-13', precision: 'day' as const }, sources: ukraineIsraelPackage.sources, confidence: 'assessed' as const };
const proposed: PackageEvent = { type: 'PackageProposed', data: ukraineIsraelPackage };
const bundle = (aidRequestIds: string[]) => ({ type: 'BundlePackage' as const, data: { aidRequestIds, ...fact } });
const hr815: Bill = { congress: 118, type: 'hr', number: 815 };
const s100: Bill = { congress: 118, type: 's', number: 100 };
const attached = (bill: Bill): PackageEvent => ({ type: 'PackageAttachedToBill', data: { bill, ...fact } });
const act = (chamber: LegislativeActionRecordedV1['chamber'], action: LegislativeActionRecordedV1['action'], bill = hr815) => ({ bill, chamber, action, ...fact });
const recorded = (...actions: ReturnType<typeof act>[]): PackageEvent[] => actions.map((data) => ({ type: 'LegislativeActionRecorded', data }));
const record = (data: ReturnType<typeof act>): PackageCommand => ({ type: 'RecordLegislativeAction', data });

describe('package decider', () => {
  it('proposes a package', () => {
    expect(given(packageDecider, [], known).when({ type: 'ProposePackage', data: ukraineIsraelPackage })()).toEqual([proposed]);
  });

  it('refuses to propose the same package twice', () => {
    expect(given(packageDecider, [proposed], known).when({ type: 'ProposePackage', data: ukraineIsraelPackage })).toThrow(PackageAlreadyProposedError);
  });

  it('bundles known aid requests, each once', () => {
    const then = given(packageDecider, [proposed], known).when(bundle(['ukraine-24b', 'israel-14b', 'ukraine-24b']));
    expect(then()).toEqual([{ type: 'PackageBundled', data: expect.objectContaining({ aidRequestIds: ['ukraine-24b', 'israel-14b'] }) }]);
  });

  it('takes no command but ProposePackage before it is proposed', () => {
    expect(given(packageDecider, [], known).when(bundle(['ukraine-24b']))).toThrow(PackageNotFoundError);
    expect(given(packageDecider, [], known).when({ type: 'AttachToBill', data: { bill: hr815, ...fact } })).toThrow(PackageNotFoundError);
  });

  it('refuses to bundle an unknown aid request, naming it', () => {
    const then = given(packageDecider, [proposed], known).when(bundle(['ukraine-24b', 'taiwan-2b']));
    expect(then).toThrow(UnknownAidRequestError);
    expect(then).toThrow(expect.objectContaining({ code: 'package.unknown-aid-request', aidRequestIds: ['taiwan-2b'] }));
  });

  it('refuses to bundle an aid request the package already holds', () => {
    const bundled: PackageEvent = { type: 'PackageBundled', data: bundle(['ukraine-24b']).data };
    const then = given(packageDecider, [proposed, bundled], known).when(bundle(['israel-14b', 'ukraine-24b']));
    expect(then).toThrow(AidRequestAlreadyBundledError);
    expect(then).toThrow(/ukraine-24b/);
  });

  describe('components', () => {
    const taiwan = { componentId: 'taiwan-aid', description: 'aid for Taiwan', recipient: 'TW', proposedBy: { name: 'some members of Congress' }, ...fact };
    const floated: PackageEvent = { type: 'ComponentProposed', data: taiwan };

    it('floats an addition, then takes it in by id, then removes it', () => {
      expect(given(packageDecider, [proposed], known).when({ type: 'ProposeComponent', data: taiwan })()).toEqual([floated]);
      const add = { type: 'AddComponent' as const, data: { componentId: 'taiwan-aid', ...fact } };
      expect(given(packageDecider, [proposed, floated], known).when(add)()).toEqual([{ type: 'ComponentAdded', data: add.data }]);
      const remove = { type: 'RemoveComponent' as const, data: { componentId: 'taiwan-aid', reason: 'dropped to pass the House', ...fact } };
      expect(given(packageDecider, [proposed, floated, { type: 'ComponentAdded', data: add.data }], known).when(remove)()).toHaveLength(1);
    });

    it.each([
      ['package.component-exists', [proposed, floated], { type: 'ProposeComponent', data: taiwan }],
      ['package.component-needs-description', [proposed], { type: 'AddComponent', data: { componentId: 'border-funding', ...fact } }],
      ['package.component-already-in', [proposed, floated, { type: 'ComponentAdded', data: { componentId: 'taiwan-aid', ...fact } }], { type: 'AddComponent', data: { componentId: 'taiwan-aid', ...fact } }],
      ['package.unknown-component', [proposed, floated], { type: 'RemoveComponent', data: { componentId: 'taiwan-aid', reason: 'x', ...fact } }],
    ] as [string, PackageEvent[], PackageCommand][])('refuses with %s', (code, past, command) => {
      expect(given(packageDecider, past, known).when(command)).toThrow(expect.objectContaining({ code, kind: 'rule-violated' }));
    });
  });

  describe('legislation', () => {
    const onBill = [proposed, attached(hr815)];
    const statusAfter = (events: PackageEvent[]) => fold(packageDecider, events).status;

    it('follows the bill through both chambers to law', () => {
      const path = recorded(act('house', 'introduced'), act('house', 'passed'), act('senate', 'passed'), act('president', 'presented'), act('president', 'signed'), act('president', 'became_law'));
      const statuses = path.map((_, i) => statusAfter([...onBill, ...path.slice(0, i + 1)]));
      expect(statusAfter([proposed])).toBe('proposed');
      expect(statusAfter(onBill)).toBe('attached_to_bill');
      expect(statuses).toEqual(['attached_to_bill', 'passed_one_chamber', 'passed_both', 'presented', 'enacted', 'enacted']);
      for (const [i, event] of path.entries()) {
        expect(given(packageDecider, [...onBill, ...path.slice(0, i)], known).when(record(event.data as ReturnType<typeof act>))()).toEqual([event]);
      }
    });

    it.each([
      ['legislation.second-chamber-before-first', [], act('senate', 'passed')],
      ['legislation.presented-before-passage', recorded(act('house', 'passed')), act('president', 'presented')],
      ['legislation.not-presented', recorded(act('house', 'passed'), act('senate', 'passed')), act('president', 'signed')],
      ['legislation.no-veto', recorded(act('house', 'passed'), act('senate', 'passed'), act('president', 'presented')), act('house', 'veto_overridden')],
      ['legislation.not-signed', recorded(act('house', 'passed'), act('senate', 'passed'), act('president', 'presented')), act('president', 'became_law')],
      ['legislation.enacted', recorded(act('house', 'passed'), act('senate', 'passed'), act('president', 'presented'), act('president', 'signed')), act('house', 'passed')],
    ] as [string, PackageEvent[], ReturnType<typeof act>][])('refuses with %s, naming the bill', (code, past, action) => {
      const then = given(packageDecider, [...onBill, ...past], known).when(record(action));
      expect(then).toThrow(expect.objectContaining({ code, kind: 'rule-violated' }));
      expect(then).toThrow(/H\.R\. 815/);
    });

    it('lets a Senate bill pass the Senate first, and takes corrections after it became law', () => {
      const senateBill = [proposed, attached(s100)];
      expect(given(packageDecider, senateBill, known).when(record(act('senate', 'passed', s100)))()).toHaveLength(1);
      expect(given(packageDecider, senateBill, known).when(record(act('house', 'passed', s100)))).toThrow(expect.objectContaining({ code: 'legislation.second-chamber-before-first' }));
      const enacted = recorded(act('senate', 'passed', s100), act('house', 'passed', s100), act('president', 'presented', s100), act('president', 'signed', s100));
      expect(given(packageDecider, [...senateBill, ...enacted], known).when(record(act('president', 'correction', s100)))()).toHaveLength(1);
      expect(given(packageDecider, [...senateBill, ...enacted], known).when(bundle(['ukraine-24b']))).toThrow(expect.objectContaining({ code: 'package.enacted' }));
    });

    it('records actions only on the bill that carries the package now, whose record its status follows', () => {
      expect(given(packageDecider, [proposed], known).when(record(act('house', 'passed')))).toThrow(expect.objectContaining({ code: 'legislation.bill-not-attached' }));
      expect(given(packageDecider, onBill, known).when(record(act('senate', 'passed', s100)))).toThrow(expect.objectContaining({ code: 'legislation.bill-not-attached' }));
      const failedOnFirst = [...onBill, ...recorded(act('house', 'passed'), act('senate', 'cloture_failed'))];
      expect(statusAfter(failedOnFirst)).toBe('cloture_failed');
      expect(statusAfter([...failedOnFirst, attached(s100)])).toBe('attached_to_bill');
    });
  });
});
