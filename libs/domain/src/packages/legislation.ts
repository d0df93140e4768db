import type { Bill, EventData } from '@policy-ledger/contracts';
import { RuleViolatedError } from '../shared/domain.errors';

export type LegislativeAction = Pick<EventData<'LegislativeActionRecorded'>, 'chamber' | 'action'>;

/** Where a bill stands after its actions, in the state machine of EVENTS.md. */
export type BillStatus =
  | 'attached_to_bill'
  | 'passed_one_chamber'
  | 'passed_both'
  | 'presented'
  | 'enacted'
  | 'failed'
  | 'cloture_failed'
  | 'vetoed';

export function billKey(bill: Bill): string {
  return `${bill.congress}-${bill.type}-${bill.number}`;
}

/** "H.R. 815 (118th)" */
export function billLabel(bill: Bill): string {
  const type = { hr: 'H.R.', s: 'S.', hjres: 'H.J.Res.', sjres: 'S.J.Res.' }[bill.type];
  return `${type} ${bill.number} (${bill.congress}th Congress)`;
}

/** The chamber a bill starts in: House bills pass the House first, Senate bills the Senate. */
function originChamber(bill: Bill): 'house' | 'senate' {
  return bill.type === 'hr' || bill.type === 'hjres' ? 'house' : 'senate';
}

interface BillProgress {
  readonly passed: ReadonlySet<'house' | 'senate'>;
  readonly status: BillStatus;
  readonly presented: boolean;
  readonly signedOrOverridden: boolean;
  readonly vetoed: boolean;
  readonly law: boolean;
}

function progress(actions: readonly LegislativeAction[]): BillProgress {
  let state: BillProgress = { passed: new Set(), status: 'attached_to_bill', presented: false, signedOrOverridden: false, vetoed: false, law: false };
  for (const { chamber, action } of actions) {
    switch (action) {
      case 'passed': {
        const passed = new Set(state.passed).add(chamber as 'house' | 'senate');
        state = { ...state, passed, status: passed.size === 2 ? 'passed_both' : 'passed_one_chamber' };
        break;
      }
      case 'failed':
        state = { ...state, status: 'failed' };
        break;
      case 'cloture_failed':
        state = { ...state, status: 'cloture_failed' };
        break;
      case 'presented':
        state = { ...state, presented: true, status: 'presented' };
        break;
      case 'vetoed':
        state = { ...state, vetoed: true, status: 'vetoed' };
        break;
      case 'veto_overridden':
        state = { ...state, signedOrOverridden: true };
        break;
      case 'signed':
        state = { ...state, signedOrOverridden: true, status: 'enacted' };
        break;
      case 'became_law':
        state = { ...state, signedOrOverridden: true, law: true, status: 'enacted' };
        break;
      default:
        break;
    }
  }
  return state;
}

export function billStatus(actions: readonly LegislativeAction[]): BillStatus {
  return progress(actions).status;
}

/**
 * Throws when an action does not follow the order a bill can take: nothing but corrections after
 * it became law; the second chamber cannot pass what the first has not; a bill is presented only
 * after both chambers passed it; signed or vetoed only once presented; a veto is overridden only
 * after a veto; it becomes law only once signed or the veto overridden.
 */
export function checkLegislativeOrder(bill: Bill, actions: readonly LegislativeAction[], next: LegislativeAction): void {
  const state = progress(actions);
  const label = billLabel(bill);
  const violated = (code: string, message: string) => {
    throw new RuleViolatedError(code, `${label}: ${message}`, { bill, action: next.action, chamber: next.chamber, billStatus: state.status });
  };
  if (next.action === 'correction') return;
  // Signed, it awaits only its law number; once law, only corrections.
  if (state.status === 'enacted' && (state.law || next.action !== 'became_law')) {
    violated('legislation.enacted', 'it is enacted; it takes nothing but corrections (and, once signed, its law number)');
  }
  switch (next.action) {
    case 'passed': {
      const origin = originChamber(bill);
      if (next.chamber !== origin && !state.passed.has(origin)) {
        violated('legislation.second-chamber-before-first', `the ${next.chamber} cannot pass it before the ${origin}, where it started, has`);
      }
      break;
    }
    case 'presented':
      if (state.passed.size < 2) violated('legislation.presented-before-passage', 'it is presented to the president only after both chambers passed it');
      break;
    case 'signed':
    case 'vetoed':
      if (!state.presented) violated('legislation.not-presented', `it cannot be ${next.action} before it is presented`);
      if (state.vetoed || state.signedOrOverridden) violated('legislation.already-decided', 'the president has already acted on it');
      break;
    case 'veto_overridden':
      if (!state.vetoed) violated('legislation.no-veto', 'there is no veto to override');
      break;
    case 'became_law':
      if (!state.signedOrOverridden) violated('legislation.not-signed', 'it becomes law only once signed or its veto overridden');
      break;
    default:
      break;
  }
}
