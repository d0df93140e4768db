import type { BillView, PackageAction } from '../api/types';
import { billSteps, packageSteps, type Step } from './chamber-path';

const bill = (type: BillView['type'], number: number, congress: number, fields: Partial<BillView> = {}): BillView => ({
  congress,
  type,
  number,
  label: `${type === 'hr' ? 'H.R.' : type === 's' ? 'S.' : type === 'hres' ? 'H.Res.' : 'H.Con.Res.'} ${number} (${congress}th Congress)`,
  title: null,
  carrying: true,
  detached: null,
  status: 'attached_to_bill',
  summary: '',
  agreed: [],
  awaiting: null,
  lawNumber: null,
  procedure: [],
  lastAction: null,
  ...fields,
});
let day = 0;
const act = (on: BillView, chamber: PackageAction['chamber'], action: PackageAction['action'], extra: Partial<PackageAction> = {}): PackageAction => ({
  bill: on.label,
  billKey: `${on.congress}-${on.type}-${on.number}`,
  chamber,
  action,
  vote: null,
  method: null,
  clotureOn: null,
  rule: null,
  amendment: null,
  amount: null,
  lawNumber: null,
  note: null,
  procedure: ['cloture_invoked', 'cloture_failed', 'rule_adopted'].includes(action),
  occurredAt: { from: `2020-03-${String(10 + day++).padStart(2, '0')}`, precision: 'day' },
  ...extra,
});
const vote = (yea: number, nay: number) => ({ vote: { yea, nay } });
const states = (steps: readonly Step[]) => steps.map((s) => `${s.label}:${s.state}`);
const detail = (steps: readonly Step[], key: string) => steps.find((s) => s.key === key)?.detail;

describe("a bill's way through the chambers", () => {
  const hr748 = bill('hr', 748, 116);
  const cares = [
    act(hr748, 'house', 'introduced'),
    act(hr748, 'house', 'passed', vote(419, 6)),
    act(hr748, 'senate', 'cloture_failed', { ...vote(47, 47), clotureOn: 'motion_to_proceed' }),
    act(hr748, 'senate', 'cloture_failed', { ...vote(49, 46), clotureOn: 'motion_to_proceed' }),
    act(hr748, 'senate', 'passed_with_amendment', { ...vote(96, 0), amendment: { number: 'S.Amdt. 1578', substitute: true } }),
    act(hr748, 'house', 'rule_adopted', { rule: 'H.Res. 911 (116th Congress)', method: 'unanimous_consent' }),
    act(hr748, 'house', 'concurred', { method: 'voice_vote' }),
    act(hr748, 'president', 'presented'),
    act(hr748, 'president', 'signed'),
    act(hr748, 'president', 'became_law', { lawNumber: '116-136' }),
  ];

  it('follows H.R. 748: the House passed it, the Senate passed its substitute, the House concurred, signed, law', () => {
    const steps = billSteps({ ...hr748, status: 'enacted', agreed: ['house', 'senate'], lawNumber: '116-136' }, cares);
    expect(states(steps)).toEqual(['Bill: H.R. 748:done', 'House:done', 'Senate:done', 'House on the Senate amendment:done', 'President:done', 'Law:done']);
    expect([detail(steps, 'house'), detail(steps, 'senate'), detail(steps, 'exchange'), detail(steps, 'president'), detail(steps, 'law')]).toEqual([
      'passed 419-6',
      'passed with an amendment 96-0',
      'House concurred by voice vote',
      'signed',
      'Public Law 116-136',
    ]);
  });

  it('keeps cloture votes and rules as procedure on the step they came before, never as passage nor as failure', () => {
    const steps = billSteps({ ...hr748, status: 'enacted' }, cares);
    expect(steps.find((s) => s.key === 'senate')?.procedure.map((p) => [p.text, p.setback])).toEqual([
      ['cloture failed 47-47 on the motion to proceed', true],
      ['cloture failed 49-46 on the motion to proceed', true],
    ]);
    expect(steps.find((s) => s.key === 'exchange')?.procedure.map((p) => p.text)).toEqual(['House rule H.Res. 911 adopted by unanimous consent']);
    const held = billSteps({ ...hr748, status: 'cloture_failed' }, cares.slice(0, 3));
    expect(states(held)).toEqual(['Bill: H.R. 748:done', 'House:done', 'Senate:current', 'President:pending', 'Law:pending']);
  });

  it('waits on the House while the Senate amendment is pending, and says so in the step', () => {
    const steps = billSteps({ ...hr748, status: 'resolving_differences', agreed: ['senate'], awaiting: 'house' }, cares.slice(0, 5));
    expect(states(steps)).toEqual(['Bill: H.R. 748:done', 'House:done', 'Senate:done', 'House on the Senate amendment:current', 'President:pending', 'Law:pending']);
  });

  it('calls a second round an amendment exchange, and a conference a conference report', () => {
    const hr = bill('hr', 1, 118);
    const rounds = [act(hr, 'house', 'passed'), act(hr, 'senate', 'passed_with_amendment'), act(hr, 'house', 'concurred_with_amendment', vote(220, 210)), act(hr, 'senate', 'concurred', vote(60, 40))];
    const exchange = billSteps({ ...hr, status: 'passed_both', agreed: ['house', 'senate'] }, rounds);
    expect(states(exchange).slice(3, 5)).toEqual(['Amendment exchange:done', 'President:current']);
    expect(detail(exchange, 'exchange')).toBe('House concurred with an amendment 220-210; Senate concurred 60-40');
    const conference = [act(hr, 'house', 'passed'), act(hr, 'senate', 'passed_with_amendment'), act(hr, 'house', 'conference_report_agreed')];
    expect(states(billSteps({ ...hr, status: 'resolving_differences', agreed: ['house'], awaiting: 'senate' }, conference)).slice(3)).toEqual(['Conference report:current', 'President:pending', 'Law:pending']);
  });

  it('marks a lost vote on passage as the failed step, and a standing veto at the President', () => {
    const s = bill('s', 815, 118);
    const failed = billSteps({ ...s, status: 'failed' }, [act(s, 'senate', 'failed', vote(49, 51))]);
    expect(states(failed)).toEqual(['Bill: S. 815:done', 'Senate:failed', 'House:pending', 'President:pending', 'Law:pending']);
    expect(detail(failed, 'senate')).toBe('failed 49-51');
    const both = [act(s, 'senate', 'passed'), act(s, 'house', 'passed'), act(s, 'president', 'presented'), act(s, 'president', 'vetoed')];
    expect(states(billSteps({ ...s, status: 'vetoed' }, both)).slice(3)).toEqual(['President:failed', 'Law:pending']);
    const overridden = [...both, act(s, 'senate', 'veto_overridden', vote(70, 30)), act(s, 'house', 'veto_overridden', vote(300, 120))];
    const law = billSteps({ ...s, status: 'enacted' }, overridden);
    expect(states(law).slice(3)).toEqual(['President:done', 'Law:done']);
    expect(detail(law, 'president')).toBe('veto overridden');
  });

  it('gives a simple resolution one chamber, and a concurrent one both and no President', () => {
    const hres = bill('hres', 911, 116);
    expect(states(billSteps({ ...hres, status: 'agreed_to' }, [act(hres, 'house', 'passed')]))).toEqual(['Bill: H.Res. 911:done', 'House:done']);
    const hconres = bill('hconres', 5, 118);
    expect(states(billSteps({ ...hconres, status: 'agreed_to' }, [act(hconres, 'house', 'passed'), act(hconres, 'senate', 'passed')]))).toEqual(['Bill: H.Con.Res. 5:done', 'House:done', 'Senate:done']);
  });
});

describe("a package's way", () => {
  it('is proposed, then waits to be bundled, with no chamber named before a bill carries it', () => {
    expect(states(packageSteps({ status: 'proposed', bills: [], actions: [], holdsAid: false }))).toEqual([
      'Proposed:done',
      'Bundled:current',
      'Bill:pending',
      'First chamber:pending',
      'Second chamber:pending',
      'President:pending',
      'Law:pending',
    ]);
  });

  it("goes on with its bill's way, counting only that bill's actions", () => {
    const hr6126 = bill('hr', 6126, 118, { status: 'passed_one_chamber' });
    const other = bill('hr', 815, 118);
    const steps = packageSteps({ status: 'passed_one_chamber', bills: [hr6126], actions: [act(other, 'senate', 'passed'), act(hr6126, 'house', 'passed', vote(226, 196))], holdsAid: true });
    expect(states(steps)).toEqual(['Proposed:done', 'Bundled:done', 'Bill: H.R. 6126:done', 'House:done', 'Senate:current', 'President:pending', 'Law:pending']);
    expect(detail(steps, 'house')).toBe('passed 226-196');
  });

  it('says so when several bills carry it, each then showing its own way', () => {
    const steps = packageSteps({ status: 'passed_one_chamber', bills: [bill('hr', 1, 118), bill('hr', 2, 118)], actions: [], holdsAid: true });
    expect(states(steps)).toEqual(['Proposed:done', 'Bundled:done', '2 bills:current']);
  });
});
