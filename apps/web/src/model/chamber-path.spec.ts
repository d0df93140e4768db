import type { LegislativeAction } from '../api/types';
import { chamberPath } from './chamber-path';

const hr6126 = { type: 'hr', label: 'H.R. 6126 (118th Congress)' };
const s815 = { type: 's', label: 'S. 815 (118th Congress)' };
const act = (bill: string, chamber: string, action: string, vote?: [number, number]): LegislativeAction => ({
  bill,
  chamber,
  action,
  vote: vote ? { yea: vote[0], nay: vote[1] } : null,
  amount: null,
  lawNumber: null,
  note: null,
  occurredAt: { from: '2023-11-02', precision: 'day' },
});
const states = (steps: ReturnType<typeof chamberPath>) => steps.map((s) => `${s.label}:${s.state}`);

describe("a package's path through the chambers", () => {
  it('is proposed, then waits to be bundled, with no chamber named before a bill carries it', () => {
    expect(states(chamberPath({ status: 'proposed', bill: null, actions: [], holdsAid: false }))).toEqual([
      'Proposed:done',
      'Bundled:current',
      'Bill:pending',
      'First chamber:pending',
      'Second chamber:pending',
      'President:pending',
      'Law:pending',
    ]);
  });

  it('passes the chamber a House bill starts in, with the vote, and waits on the Senate', () => {
    const steps = chamberPath({ status: 'passed_one_chamber', bill: hr6126, actions: [act(hr6126.label, 'house', 'introduced'), act(hr6126.label, 'house', 'passed', [226, 196])], holdsAid: true });
    expect(states(steps)).toEqual(['Proposed:done', 'Bundled:done', 'Bill: H.R. 6126:done', 'House:done', 'Senate:current', 'President:pending', 'Law:pending']);
    expect(steps[3]?.detail).toBe('passed 226-196');
  });

  it('starts a Senate bill in the Senate, and marks a failed cloture vote as the failed step', () => {
    const steps = chamberPath({ status: 'cloture_failed', bill: s815, actions: [act(s815.label, 'senate', 'cloture_failed', [49, 51])], holdsAid: true });
    expect(states(steps).slice(3)).toEqual(['Senate:failed', 'House:pending', 'President:pending', 'Law:pending']);
    expect(steps[3]?.detail).toBe('cloture failed 49-51');
  });

  it('counts a passage after a failed cloture vote, and only the actions on the bill that carries the package now', () => {
    const actions = [act('H.R. 815 (118th Congress)', 'house', 'passed'), act(s815.label, 'senate', 'cloture_failed'), act(s815.label, 'senate', 'passed', [70, 29])];
    expect(states(chamberPath({ status: 'passed_one_chamber', bill: s815, actions, holdsAid: true })).slice(3)).toEqual(['Senate:done', 'House:current', 'President:pending', 'Law:pending']);
  });

  it('ends in law once signed, and fails at the president on a veto that stands', () => {
    const both = [act(hr6126.label, 'house', 'passed'), act(hr6126.label, 'senate', 'passed'), act(hr6126.label, 'president', 'presented')];
    const signed = chamberPath({ status: 'enacted', bill: hr6126, actions: [...both, act(hr6126.label, 'president', 'signed')], holdsAid: true });
    expect(signed.every((s) => s.state === 'done')).toBe(true);
    const vetoed = chamberPath({ status: 'vetoed', bill: hr6126, actions: [...both, act(hr6126.label, 'president', 'vetoed')], holdsAid: true });
    expect(states(vetoed).slice(5)).toEqual(['President:failed', 'Law:pending']);
  });
});
