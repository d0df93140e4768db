import type { Bill } from '@policy-ledger/contracts';
import { billRecord, checkLegislativeOrder, type LegislativeAction, leastAdvanced } from './legislation';

const hr748: Bill = { congress: 116, type: 'hr', number: 748 };
const hr7691: Bill = { congress: 117, type: 'hr', number: 7691 };
const hr815: Bill = { congress: 118, type: 'hr', number: 815 };
const sconres: Bill = { congress: 118, type: 'sconres', number: 1 };
const hres: Bill = { congress: 117, type: 'hres', number: 1097 };

const a = (chamber: LegislativeAction['chamber'], action: LegislativeAction['action'], more: Partial<LegislativeAction> & { rule?: Bill } = {}): LegislativeAction => ({ chamber, action, ...more });

/** Records the actions one by one, each checked against those before it, and returns each step's status and summary. */
function replay(bill: Bill, actions: LegislativeAction[]) {
  return actions.map((next, i) => {
    checkLegislativeOrder(bill, actions.slice(0, i), next);
    const record = billRecord(bill, actions.slice(0, i + 1));
    return [record.status, record.summary];
  });
}

const refused = (bill: Bill, past: LegislativeAction[], next: LegislativeAction, code: string) =>
  expect(() => checkLegislativeOrder(bill, past, next)).toThrow(expect.objectContaining({ code, kind: 'rule-violated' }));

describe('legislation: text agreement between the chambers, not a counter', () => {
  it('follows the CARES Act through H.R. 748: a shell House bill, a Senate substitute, the House concurring, signed the same day', () => {
    const steps = replay(hr748, [
      a('house', 'introduced'),
      a('house', 'passed', { vote: { yea: 419, nay: 6 } }),
      a('senate', 'cloture_failed', { vote: { yea: 47, nay: 47 }, clotureOn: 'motion_to_proceed' }),
      a('senate', 'cloture_failed', { vote: { yea: 49, nay: 46 }, clotureOn: 'motion_to_proceed' }),
      a('senate', 'passed_with_amendment', { vote: { yea: 96, nay: 0 }, amendment: { number: 'S.Amdt. 1578', substitute: true, title: 'CARES Act' } }),
      a('house', 'rule_adopted', { rule: { congress: 116, type: 'hres', number: 911 }, method: 'unanimous_consent' }),
      a('house', 'concurred', { method: 'voice_vote' }),
      a('president', 'presented'),
      a('president', 'signed'),
      a('president', 'became_law', { lawNumber: '116-136' }),
    ]);
    expect(steps).toEqual([
      ['attached_to_bill', 'introduced in the House'],
      ['passed_one_chamber', 'passed House 419-6, Senate pending'],
      ['cloture_failed', 'passed House 419-6, Senate pending; Senate cloture failed 47-47 (procedure, not a vote on passage)'],
      ['cloture_failed', 'passed House 419-6, Senate pending; Senate cloture failed 49-46 (procedure, not a vote on passage)'],
      ['resolving_differences', 'passed House; Senate passed it with an amendment 96-0: House pending'],
      ['resolving_differences', 'passed House; Senate passed it with an amendment 96-0: House pending'],
      ['passed_both', 'House concurred in the Senate amendment by voice vote: both agreed'],
      ['presented', 'presented to the President'],
      ['enacted', 'signed by the President'],
      ['enacted', 'became Public Law 116-136'],
    ]);
    expect(billRecord(hr748, [a('senate', 'passed_with_amendment', { amendment: { substitute: true, title: 'CARES Act' } })]).textTitle).toBe('CARES Act');
  });

  it('follows H.R. 7691: a rule and cloture votes are procedure, the Senate passes the House text unchanged', () => {
    const steps = replay(hr7691, [
      a('house', 'introduced'),
      a('house', 'rule_adopted', { rule: hres, vote: { yea: 217, nay: 202 } }),
      a('house', 'passed', { vote: { yea: 368, nay: 57 } }),
      a('senate', 'cloture_invoked', { vote: { yea: 81, nay: 11 }, clotureOn: 'motion_to_proceed' }),
      a('senate', 'cloture_invoked', { clotureOn: 'measure' }),
      a('senate', 'passed', { vote: { yea: 86, nay: 11 } }),
    ]).map(([status]) => status);
    expect(steps).toEqual(['attached_to_bill', 'attached_to_bill', 'passed_one_chamber', 'passed_one_chamber', 'passed_one_chamber', 'passed_both']);
  });

  it('goes back and forth: the House concurs with a further amendment, the Senate concurs in it (H.R. 815, 2024)', () => {
    const steps = replay(hr815, [
      a('house', 'passed'),
      a('senate', 'passed_with_amendment', { vote: { yea: 70, nay: 29 } }),
      a('house', 'concurred_with_amendment'),
      a('senate', 'concurred', { vote: { yea: 79, nay: 18 } }),
    ]);
    expect(steps.slice(2)).toEqual([
      ['resolving_differences', 'House concurred in the Senate amendment with an amendment: Senate pending'],
      ['passed_both', 'Senate concurred in the House amendment 79-18: both agreed'],
    ]);
  });

  it('settles differences by a conference report that both chambers agree to', () => {
    const steps = replay(hr815, [a('house', 'passed'), a('senate', 'passed_with_amendment'), a('house', 'conference_report_agreed'), a('senate', 'conference_report_agreed')]);
    expect(steps.map(([status]) => status)).toEqual(['passed_one_chamber', 'resolving_differences', 'resolving_differences', 'passed_both']);
  });

  it('refuses what Congress cannot do, naming the rule', () => {
    const passedHouse = [a('house', 'passed')];
    const amended = [...passedHouse, a('senate', 'passed_with_amendment')];
    refused(hr748, passedHouse, a('house', 'concurred'), 'legislation.nothing-to-concur-in');
    refused(hr748, amended, a('senate', 'concurred'), 'legislation.nothing-to-concur-in');
    refused(hr748, amended, a('house', 'passed'), 'legislation.already-passed');
    refused(hr748, amended, a('president', 'presented'), 'legislation.presented-before-passage');
    refused(hr748, [], a('senate', 'introduced'), 'legislation.wrong-chamber');
    refused(hr748, passedHouse, a('house', 'conference_report_agreed'), 'legislation.no-conference');
    const law = [...amended, a('house', 'concurred'), a('president', 'presented'), a('president', 'signed'), a('president', 'became_law')];
    refused(hr748, law, a('senate', 'passed'), 'legislation.enacted');
    refused(hr748, law, a('senate', 'cloture_invoked'), 'legislation.enacted');
    expect(() => checkLegislativeOrder(hr748, law, a('president', 'correction', { lawNumber: '116-136' }))).not.toThrow();
  });

  it('needs both chambers to override a veto before the bill becomes law', () => {
    const vetoed = [a('house', 'passed'), a('senate', 'passed'), a('president', 'presented'), a('president', 'vetoed')];
    expect(billRecord(hr815, [...vetoed, a('house', 'veto_overridden')]).summary).toBe('vetoed; the House overrode, the Senate pending');
    refused(hr815, [...vetoed, a('house', 'veto_overridden')], a('president', 'became_law'), 'legislation.not-signed');
    refused(hr815, [...vetoed, a('house', 'veto_overridden')], a('house', 'veto_overridden'), 'legislation.already-overridden');
    const overridden = billRecord(hr815, [...vetoed, a('house', 'veto_overridden'), a('senate', 'veto_overridden')]);
    expect(overridden.status).toBe('enacted');
  });

  it('treats resolutions as they are: a simple one is one chamber\'s, a concurrent one needs both and is never presented', () => {
    expect(replay(hres, [a('house', 'passed', { vote: { yea: 217, nay: 202 } })])).toEqual([['agreed_to', 'agreed to by the House 217-202']]);
    refused(hres, [], a('senate', 'passed'), 'legislation.one-chamber-only');
    expect(replay(sconres, [a('senate', 'passed'), a('house', 'passed')]).map(([status]) => status)).toEqual(['passed_one_chamber', 'agreed_to']);
    refused(sconres, [a('senate', 'passed'), a('house', 'passed')], a('president', 'presented'), 'legislation.not-presentable');
  });

  it('recovers from a failed cloture vote and from a failed passage vote when the bill moves on', () => {
    const failed = [a('house', 'passed'), a('senate', 'cloture_failed')];
    expect(billRecord(hr815, [...failed, a('senate', 'cloture_invoked')]).status).toBe('passed_one_chamber');
    expect(billRecord(hr815, [a('house', 'failed', { vote: { yea: 200, nay: 230 } })]).summary).toBe('no floor action recorded; failed in the House 200-230');
  });

  it('derives the status of a package carried by several bills: the least advanced, enacted only when all are', () => {
    expect(leastAdvanced(['passed_one_chamber', 'passed_both'])).toBe('passed_one_chamber');
    expect(leastAdvanced(['enacted', 'presented'])).toBe('presented');
    expect(leastAdvanced(['enacted', 'enacted'])).toBe('enacted');
    expect(leastAdvanced(['enacted', 'failed'])).toBe('failed');
    expect(leastAdvanced([])).toBeNull();
  });
});
