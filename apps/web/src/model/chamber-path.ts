import type { BillView, LegislativeAction, OccurredAt, Package, PackageAction } from '../api/types';
import { shortBill } from './stages';

export type StepState = 'done' | 'current' | 'pending' | 'failed';

/** A procedural action (a cloture vote, a rule) on the step it came before: shown, never passage. */
export interface ProcedureNote {
  readonly text: string;
  readonly occurredAt: OccurredAt;
  /** A lost vote that holds the bill up for now (cloture failed), recoverable. */
  readonly setback: boolean;
}

export interface Step {
  readonly key: string;
  readonly label: string;
  readonly state: StepState;
  /** What happened at this step: "passed 226-196", "passed with an amendment 96-0", "concurred by voice vote". */
  readonly detail?: string;
  /** When it happened. */
  readonly occurredAt?: OccurredAt;
  readonly procedure: readonly ProcedureNote[];
}

type Floor = 'house' | 'senate';
const CHAMBER: Record<Floor, string> = { house: 'House', senate: 'Senate' };
const other = (c: Floor): Floor => (c === 'house' ? 'senate' : 'house');
const isFloor = (c: string): c is Floor => c === 'house' || c === 'senate';

/** "368-57", "by voice vote", "by unanimous consent", or nothing. */
export function tally(a: Pick<LegislativeAction, 'vote' | 'method'>): string {
  if (a.vote) return `${a.vote.yea}-${a.vote.nay}`;
  if (a.method === 'voice_vote') return 'by voice vote';
  if (a.method === 'unanimous_consent') return 'by unanimous consent';
  return '';
}
const join = (...parts: (string | null | undefined | false)[]) => parts.filter(Boolean).join(' ');

const CLOTURE_ON: Record<string, string> = { motion_to_proceed: 'on the motion to proceed', measure: 'on the bill', amendment: 'on an amendment', conference_report: 'on the conference report' };

/** A procedural action in words: "cloture failed 47-47 on the motion to proceed", "rule H.Res. 1097 adopted 217-202". */
export function procedureText(a: LegislativeAction): string {
  if (a.action === 'rule_adopted') return join(`${isFloor(a.chamber) ? CHAMBER[a.chamber] : ''} rule`, a.rule ? shortBill(a.rule) : null, 'adopted', tally(a));
  const what = a.action === 'cloture_failed' ? 'cloture failed' : 'cloture invoked';
  return join(what, tally(a), a.clotureOn ? CLOTURE_ON[a.clotureOn] : null);
}

/** The actions recorded on one bill (by its key, `<congress>-<type>-<number>`), in the order recorded. */
export function actionsOf(bill: Pick<BillView, 'congress' | 'type' | 'number'>, actions: readonly PackageAction[]): PackageAction[] {
  const key = `${bill.congress}-${bill.type}-${bill.number}`;
  return actions.filter((a) => a.billKey === key);
}

interface Draft {
  key: string;
  label: string;
  done: boolean;
  failed: boolean;
  detail?: string;
  occurredAt?: OccurredAt;
  procedure: ProcedureNote[];
}

/**
 * A bill's way as steps, from its own record: the bill, the chamber it starts in, the other
 * chamber, the amendment exchange or conference when there is one (one chamber passed the
 * other's text with an amendment), the President and the law. Simple resolutions are one
 * chamber's; concurrent ones both chambers' and never presented. Each action goes to the step
 * that was under way when it was taken; cloture votes and rules stay procedure on that step,
 * never passage, and a failed cloture vote never fails a step.
 */
export function billSteps(bill: BillView, actions: readonly PackageAction[]): Step[] {
  const own = actionsOf(bill, actions);
  const kind = ['hres', 'sres'].includes(bill.type) ? 'simple' : ['hconres', 'sconres'].includes(bill.type) ? 'concurrent' : 'bill';
  const origin: Floor = bill.type.startsWith('h') ? 'house' : 'senate';
  const second = other(origin);
  const draft = (key: string, label: string): Draft => ({ key, label, done: false, failed: false, procedure: [] });
  const billStep: Draft = { ...draft('bill', `Bill: ${shortBill(bill.label)}`), done: true, detail: 'carries it' };
  const first = draft(origin, CHAMBER[origin]);
  const next = draft(second, CHAMBER[second]);
  const exchange = draft('exchange', `${CHAMBER[origin]} on the ${CHAMBER[second]} amendment`);
  const president = draft('president', 'President');
  const law = draft('law', 'Law');
  let exchangeShown = false;
  let exchangeRounds = 0;
  let current: Draft = first;
  let setback: { step: Draft; failed: boolean } | null = null;
  const move = (to: Draft) => {
    current = to;
    setback = null;
  };

  for (const a of own) {
    const vote = tally(a);
    if (a.procedure) {
      current.procedure.push({ text: procedureText(a), occurredAt: a.occurredAt, setback: a.action === 'cloture_failed' });
      if (a.action === 'cloture_failed') setback = { step: current, failed: false };
      else if (a.action === 'cloture_invoked' && setback && !setback.failed) setback = null;
      continue;
    }
    switch (a.action) {
      case 'introduced':
        Object.assign(billStep, { detail: 'introduced', occurredAt: a.occurredAt });
        break;
      case 'passed':
      case 'passed_with_amendment': {
        const amended = a.action === 'passed_with_amendment';
        const text = join(amended ? 'passed with an amendment' : kind === 'simple' ? 'agreed to' : 'passed', vote);
        if (a.chamber === origin || kind === 'simple') {
          Object.assign(first, { done: true, failed: false, detail: text, occurredAt: a.occurredAt });
          move(kind === 'simple' ? first : next);
        } else {
          Object.assign(next, { done: true, failed: false, detail: text, occurredAt: a.occurredAt });
          if (amended) {
            exchangeShown = true;
            move(exchange);
          } else move(kind === 'bill' ? president : next);
        }
        break;
      }
      case 'concurred':
      case 'concurred_with_amendment':
      case 'conference_report_agreed': {
        exchangeShown = true;
        exchangeRounds += 1;
        const chamber = isFloor(a.chamber) ? CHAMBER[a.chamber] : a.chamber;
        const text =
          a.action === 'conference_report_agreed'
            ? join(chamber, 'agreed to the conference report', vote)
            : join(chamber, a.action === 'concurred' ? 'concurred' : 'concurred with an amendment', vote);
        const settled = a.action === 'concurred' || (a.action === 'conference_report_agreed' && bill.agreed.length === 2 && !bill.awaiting);
        if (a.action === 'conference_report_agreed') exchange.label = 'Conference report';
        else if (exchangeRounds > 1 || a.action === 'concurred_with_amendment') exchange.label = 'Amendment exchange';
        Object.assign(exchange, { detail: exchange.detail && exchangeRounds > 1 ? `${exchange.detail}; ${text}` : text, occurredAt: a.occurredAt });
        if (settled) {
          exchange.done = true;
          move(kind === 'bill' ? president : exchange);
        } else setback = null;
        break;
      }
      case 'failed':
        Object.assign(current, { detail: join('failed', vote), occurredAt: a.occurredAt });
        setback = { step: current, failed: true };
        break;
      case 'presented':
        Object.assign(president, { detail: 'presented', occurredAt: a.occurredAt });
        move(president);
        break;
      case 'signed':
        Object.assign(president, { done: true, detail: 'signed', occurredAt: a.occurredAt });
        move(law);
        break;
      case 'vetoed':
        Object.assign(president, { detail: 'vetoed', occurredAt: a.occurredAt });
        break;
      case 'veto_overridden':
        president.procedure.push({ text: join(`${isFloor(a.chamber) ? CHAMBER[a.chamber] : a.chamber} overrode the veto`, vote), occurredAt: a.occurredAt, setback: false });
        break;
      case 'became_law':
        Object.assign(law, { done: true, detail: a.lawNumber ? `Public Law ${a.lawNumber}` : 'became law', occurredAt: a.occurredAt });
        break;
      default:
        break;
    }
  }
  if (bill.status === 'vetoed') president.failed = true;
  if (bill.status === 'enacted') {
    president.done = true;
    law.done = true;
    if (!law.detail) law.detail = bill.lawNumber ? `Public Law ${bill.lawNumber}` : 'enacted';
    if (president.detail === 'vetoed') president.detail = 'veto overridden';
  }
  const stopped = setback as { step: Draft; failed: boolean } | null;
  if (stopped?.failed && bill.status === 'failed') stopped.step.failed = true;

  const raw =
    kind === 'simple'
      ? [billStep, first]
      : kind === 'concurrent'
        ? [billStep, first, next, ...(exchangeShown ? [exchange] : [])]
        : [billStep, first, next, ...(exchangeShown ? [exchange] : []), president, law];
  return finish(raw, current);
}

function finish(raw: readonly Draft[], current: Draft | null): Step[] {
  const stuck = raw.some((s) => s.failed);
  const at = current && !current.done ? raw.indexOf(current) : raw.findIndex((s) => !s.done);
  return raw.map(({ done, failed, ...step }, index) => ({
    ...step,
    state: failed ? 'failed' : done ? 'done' : !stuck && index === at ? 'current' : 'pending',
  }));
}

export interface PathInput {
  readonly status: Package['status'];
  /** The bills carrying the package now (detached ones left out). */
  readonly bills: readonly BillView[];
  readonly actions: readonly PackageAction[];
  /** Whether the package holds anything (requests or components). */
  readonly holdsAid: boolean;
}

/**
 * A package's way as steps: proposed, bundled (when it holds anything), then the way of the bill
 * carrying it; with several bills carrying it, one step says so and each bill shows its own path.
 */
export function packageSteps({ status, bills, actions, holdsAid }: PathInput): Step[] {
  const head: Draft[] = [{ key: 'proposed', label: 'Proposed', done: true, failed: false, procedure: [] }];
  if (holdsAid || bills.length === 0) head.push({ key: 'bundled', label: 'Bundled', done: holdsAid, failed: false, procedure: [] });
  if (bills.length === 1) return [...finish(head, null), ...billSteps(bills[0] as BillView, actions)];
  if (bills.length > 1) {
    const enacted = status === 'enacted' || status === 'agreed_to';
    return finish([...head, { key: 'bills', label: `${bills.length} bills`, done: enacted, failed: status === 'failed' || status === 'vetoed', detail: 'each on its own path below', procedure: [] }], null);
  }
  const placeholders: Draft[] = ['Bill', 'First chamber', 'Second chamber', 'President', 'Law'].map((label) => ({ key: label.toLowerCase().replace(' ', '-'), label, done: false, failed: false, procedure: [] }));
  return finish([...head, ...placeholders], null);
}
