import type { Bill, Chamber, EventData, LegislativeActionType } from '@policy-ledger/contracts';
import { RuleViolatedError } from '../shared/domain.errors';

type Recorded = EventData<'LegislativeActionRecorded'>;

/** What the state machine reads of an action: the chamber, the action, and what the summary quotes. */
export interface LegislativeAction {
  readonly chamber: Chamber;
  readonly action: LegislativeActionType;
  readonly vote?: Recorded['vote'] | null;
  readonly method?: Recorded['method'] | null;
  readonly clotureOn?: Recorded['clotureOn'] | null;
  readonly amendment?: Recorded['amendment'] | null;
  readonly lawNumber?: string | null;
}

/**
 * Where a bill stands, in the order Congress moves it:
 * attached_to_bill (no floor passage yet) -> passed_one_chamber -> resolving_differences (the
 * chambers passed different texts: an amendment of one awaits the other) -> passed_both (both
 * agreed to one text) -> presented -> enacted. A resolution adopted is agreed_to (a simple
 * resolution by its chamber, a concurrent one by both). Side states: failed, cloture_failed
 * (procedure, recoverable), vetoed.
 */
export type BillStatus =
  | 'attached_to_bill'
  | 'passed_one_chamber'
  | 'resolving_differences'
  | 'passed_both'
  | 'presented'
  | 'enacted'
  | 'agreed_to'
  | 'failed'
  | 'cloture_failed'
  | 'vetoed';

/** Bills and joint resolutions become law; concurrent resolutions need both chambers; simple ones one. */
export type BillKind = 'bill' | 'concurrent' | 'simple';

type Floor = 'house' | 'senate';

const KIND: Record<Bill['type'], BillKind> = { hr: 'bill', s: 'bill', hjres: 'bill', sjres: 'bill', hconres: 'concurrent', sconres: 'concurrent', hres: 'simple', sres: 'simple' };
const TYPE_LABEL: Record<Bill['type'], string> = { hr: 'H.R.', s: 'S.', hjres: 'H.J.Res.', sjres: 'S.J.Res.', hconres: 'H.Con.Res.', sconres: 'S.Con.Res.', hres: 'H.Res.', sres: 'S.Res.' };
const CHAMBER: Record<Floor, string> = { house: 'House', senate: 'Senate' };

export function billKey(bill: Bill): string {
  return `${bill.congress}-${bill.type}-${bill.number}`;
}

/** "H.R. 815 (118th Congress)" */
export function billLabel(bill: Bill): string {
  return `${TYPE_LABEL[bill.type]} ${bill.number} (${bill.congress}th Congress)`;
}

export function billKind(bill: Bill): BillKind {
  return KIND[bill.type];
}

/** The chamber a bill starts in: House measures in the House, Senate measures in the Senate. */
export function originChamber(bill: Bill): Floor {
  return bill.type.startsWith('h') ? 'house' : 'senate';
}

const other = (chamber: Floor): Floor => (chamber === 'house' ? 'senate' : 'house');
const both = (floors: readonly Floor[]) => floors.includes('house') && floors.includes('senate');
const tally = (a: LegislativeAction) => (a.vote ? ` ${a.vote.yea}-${a.vote.nay}` : a.method === 'voice_vote' ? ' by voice vote' : a.method === 'unanimous_consent' ? ' by unanimous consent' : '');

/** A bill's record folded from its actions: who agrees to which text, and what the President did. */
export interface BillRecord {
  readonly kind: BillKind;
  readonly origin: Floor;
  readonly introduced: boolean;
  /** Chambers that passed it in some form. */
  readonly passed: readonly Floor[];
  /** Chambers that agree to the text now in play (both: one text agreed). */
  readonly agreed: readonly Floor[];
  /** The chamber that must act on the other's amendment (or on the conference report), if any. */
  readonly awaiting: Floor | null;
  readonly conference: readonly Floor[];
  readonly presented: boolean;
  readonly signed: boolean;
  readonly vetoed: boolean;
  readonly overriddenBy: readonly Floor[];
  readonly law: boolean;
  readonly lawNumber: string | null;
  /** The title its latest substitute gave it (a shell bill's new content), if any. */
  readonly textTitle: string | null;
  /** The last vote lost (a failed passage or cloture vote), until the bill moves on. */
  readonly setback: { readonly status: 'failed' | 'cloture_failed'; readonly text: string } | null;
  /** How the text agreement was last reached or left open, in words. */
  readonly standing: string;
  readonly status: BillStatus;
  /** e.g. "passed Senate, House pending", "House concurred in the Senate amendment: both agreed". */
  readonly summary: string;
}

function initial(bill: Bill): BillRecord {
  return {
    kind: billKind(bill),
    origin: originChamber(bill),
    introduced: false,
    passed: [],
    agreed: [],
    awaiting: null,
    conference: [],
    presented: false,
    signed: false,
    vetoed: false,
    overriddenBy: [],
    law: false,
    lawNumber: null,
    textTitle: null,
    setback: null,
    standing: 'no floor action recorded',
    status: 'attached_to_bill',
    summary: 'no floor action recorded',
  };
}

function statusOf(r: Omit<BillRecord, 'status' | 'summary'>): BillStatus {
  if (r.law || r.signed || (r.vetoed && both(r.overriddenBy))) return 'enacted';
  if (r.vetoed) return 'vetoed';
  if (r.presented) return 'presented';
  if (r.setback) return r.setback.status;
  if (r.kind === 'simple' && r.agreed.length > 0) return 'agreed_to';
  if (both(r.agreed)) return r.kind === 'concurrent' ? 'agreed_to' : 'passed_both';
  if (r.awaiting !== null) return 'resolving_differences';
  return r.passed.length > 0 ? 'passed_one_chamber' : 'attached_to_bill';
}

function summaryOf(r: Omit<BillRecord, 'summary'>): string {
  if (r.law) return r.lawNumber ? `became Public Law ${r.lawNumber}` : 'became law';
  if (r.vetoed && both(r.overriddenBy)) return 'veto overridden by both chambers: law';
  if (r.signed) return 'signed by the President';
  if (r.vetoed) {
    const [first] = r.overriddenBy;
    return first ? `vetoed; the ${CHAMBER[first]} overrode, the ${CHAMBER[other(first)]} pending` : 'vetoed by the President';
  }
  if (r.presented) return 'presented to the President';
  return r.setback ? `${r.standing}; ${r.setback.text}` : r.standing;
}

function withStatus(r: Omit<BillRecord, 'status' | 'summary'>): BillRecord {
  const status = statusOf(r);
  return { ...r, status, summary: summaryOf({ ...r, status }) };
}

/** Folds one action into a bill's record (an order already checked by checkLegislativeOrder). */
function step(r: BillRecord, a: LegislativeAction): BillRecord {
  if (a.chamber === 'president') {
    switch (a.action) {
      case 'presented':
        return withStatus({ ...r, presented: true });
      case 'signed':
        return withStatus({ ...r, signed: true, lawNumber: a.lawNumber ?? r.lawNumber });
      case 'vetoed':
        return withStatus({ ...r, vetoed: true });
      case 'became_law':
        return withStatus({ ...r, law: true, lawNumber: a.lawNumber ?? r.lawNumber });
      case 'correction':
        return withStatus({ ...r, lawNumber: a.lawNumber ?? r.lawNumber });
      default:
        return r;
    }
  }
  const c: Floor = a.chamber;
  const C = CHAMBER[c];
  const moved = { setback: null, textTitle: a.amendment?.title ?? r.textTitle } as const;
  switch (a.action) {
    case 'introduced':
      return withStatus({ ...r, introduced: true, standing: r.passed.length === 0 ? `introduced in the ${C}` : r.standing });
    case 'passed':
    case 'passed_with_amendment': {
      const passed = [...r.passed, c];
      if (c === r.origin || r.kind === 'simple') {
        const standing = r.kind === 'simple' ? `agreed to by the ${C}${tally(a)}` : `passed ${C}${tally(a)}, ${CHAMBER[other(c)]} pending`;
        return withStatus({ ...r, ...moved, passed, agreed: [c], awaiting: null, standing });
      }
      const O = CHAMBER[r.origin];
      if (a.action === 'passed') {
        const standing = r.kind === 'concurrent' ? 'agreed to by both chambers' : `passed ${O} and ${C}${tally(a)}: both agreed`;
        return withStatus({ ...r, ...moved, passed, agreed: [r.origin, c], awaiting: null, standing });
      }
      return withStatus({ ...r, ...moved, passed, agreed: [c], awaiting: r.origin, standing: `passed ${O}; ${C} passed it with an amendment${tally(a)}: ${O} pending` });
    }
    case 'concurred':
      return withStatus({ ...r, ...moved, agreed: [c, other(c)], awaiting: null, standing: `${C} concurred in the ${CHAMBER[other(c)]} amendment${tally(a)}: both agreed` });
    case 'concurred_with_amendment':
      return withStatus({
        ...r,
        ...moved,
        agreed: [c],
        awaiting: other(c),
        standing: `${C} concurred in the ${CHAMBER[other(c)]} amendment with an amendment${tally(a)}: ${CHAMBER[other(c)]} pending`,
      });
    case 'conference_report_agreed': {
      const conference = [...new Set([...r.conference, c])];
      const done = both(conference);
      const standing = done ? `both chambers agreed to the conference report` : `${C} agreed to the conference report${tally(a)}: ${CHAMBER[other(c)]} pending`;
      return withStatus({ ...r, ...moved, conference, agreed: conference, awaiting: done ? null : other(c), standing });
    }
    case 'failed':
      return withStatus({ ...r, setback: { status: 'failed', text: `failed in the ${C}${tally(a)}` } });
    case 'cloture_invoked':
      return r.setback?.status === 'cloture_failed' ? withStatus({ ...r, setback: null }) : r;
    case 'cloture_failed':
      return withStatus({ ...r, setback: { status: 'cloture_failed', text: `${C} cloture failed${tally(a)} (procedure, not a vote on passage)` } });
    case 'veto_overridden':
      return withStatus({ ...r, overriddenBy: [...new Set([...r.overriddenBy, c])] });
    default:
      return r;
  }
}

/** A bill's record after its actions, in the order recorded. */
export function billRecord(bill: Bill, actions: readonly LegislativeAction[]): BillRecord {
  return actions.reduce(step, initial(bill));
}

export function billStatus(bill: Bill, actions: readonly LegislativeAction[]): BillStatus {
  return billRecord(bill, actions).status;
}

/** Procedural actions: shown, never passage. */
export function isProcedure(action: LegislativeActionType): boolean {
  return action === 'cloture_invoked' || action === 'cloture_failed' || action === 'rule_adopted';
}

const ADVANCE: Record<BillStatus, number> = {
  failed: 0,
  vetoed: 0,
  cloture_failed: 1,
  attached_to_bill: 2,
  passed_one_chamber: 3,
  resolving_differences: 4,
  passed_both: 5,
  presented: 6,
  enacted: 7,
  agreed_to: 7,
};

/**
 * The status of a package carried by several bills at once: the least advanced of them (a stopped
 * bill, failed or vetoed, counts as the least), so it is enacted only when every bill is.
 */
export function leastAdvanced(statuses: readonly BillStatus[]): BillStatus | null {
  return statuses.reduce<BillStatus | null>((least, status) => (least === null || ADVANCE[status] < ADVANCE[least] ? status : least), null);
}

/**
 * Throws when an action does not follow the order a bill can take: nothing but corrections after
 * it became law; the second chamber cannot pass what the first has not, and a chamber passes a
 * bill once (then it concurs in the other's amendment); a concurrence needs an amendment of the
 * other chamber to concur in; a bill is presented only after both chambers agreed to one text, and
 * only a bill or joint resolution is; signed or vetoed only once presented; a veto is overridden
 * by each chamber once, only after a veto; it becomes law only once signed or overridden by both.
 */
export function checkLegislativeOrder(bill: Bill, actions: readonly LegislativeAction[], next: LegislativeAction): void {
  const state = billRecord(bill, actions);
  const label = billLabel(bill);
  const violated = (code: string, message: string): never => {
    throw new RuleViolatedError(code, `${label}: ${message}`, { bill, action: next.action, chamber: next.chamber, billStatus: state.status, billSummary: state.summary });
  };
  if (next.action === 'correction') return;
  // Signed, it awaits only its law number; once law, only corrections.
  if (state.status === 'enacted' && (state.law || next.action !== 'became_law')) {
    violated('legislation.enacted', 'it is enacted; it takes nothing but corrections (and, once signed, its law number)');
  }
  const presidential = ['presented', 'signed', 'vetoed', 'became_law', 'veto_overridden'].includes(next.action);
  if (presidential && state.kind !== 'bill') {
    violated('legislation.not-presentable', `a ${state.kind} resolution is never presented to the President nor becomes law`);
  }
  if (next.chamber === 'president') return checkPresidential(state, next, violated);
  const chamber: Floor = next.chamber;
  if (state.kind === 'simple' && chamber !== state.origin && next.action !== 'referred' && next.action !== 'reported') {
    violated('legislation.one-chamber-only', `a simple resolution is the ${CHAMBER[state.origin]}'s alone`);
  }
  switch (next.action) {
    case 'introduced':
      if (chamber !== state.origin) violated('legislation.wrong-chamber', `it is introduced in the ${CHAMBER[state.origin]}, where it starts`);
      break;
    case 'passed':
    case 'passed_with_amendment':
      if (chamber !== state.origin && !state.passed.includes(state.origin)) {
        violated('legislation.second-chamber-before-first', `the ${chamber} cannot pass it before the ${state.origin}, where it started, has`);
      }
      if (state.passed.includes(chamber)) {
        const hint = state.awaiting === chamber ? `; to act on the ${CHAMBER[other(chamber)]} amendment record concurred or concurred_with_amendment` : '';
        violated('legislation.already-passed', `the ${CHAMBER[chamber]} has passed it already${hint}`);
      }
      break;
    case 'concurred':
    case 'concurred_with_amendment':
      if (state.awaiting !== chamber || state.conference.length > 0) {
        violated('legislation.nothing-to-concur-in', `no amendment of the ${CHAMBER[other(chamber)]} awaits the ${CHAMBER[chamber]}`);
      }
      break;
    case 'conference_report_agreed':
      if (!both(state.passed) || both(state.agreed) || state.conference.includes(chamber)) {
        violated('legislation.no-conference', 'a conference report settles differences between texts both chambers passed; there are none to settle here');
      }
      break;
    case 'veto_overridden':
      if (!state.vetoed) violated('legislation.no-veto', 'there is no veto to override');
      if (state.overriddenBy.includes(chamber)) violated('legislation.already-overridden', `the ${CHAMBER[chamber]} has overridden the veto already`);
      break;
    default:
      break;
  }
}

function checkPresidential(state: BillRecord, next: LegislativeAction, violated: (code: string, message: string) => never): void {
  switch (next.action) {
    case 'presented':
      if (!both(state.agreed)) violated('legislation.presented-before-passage', 'it is presented to the President only after both chambers agreed to one text');
      if (state.presented) violated('legislation.already-presented', 'it has been presented already');
      break;
    case 'signed':
    case 'vetoed':
      if (!state.presented) violated('legislation.not-presented', `it cannot be ${next.action} before it is presented`);
      if (state.vetoed || state.signed) violated('legislation.already-decided', 'the President has already acted on it');
      break;
    case 'became_law':
      if (!state.signed && !(state.vetoed && both(state.overriddenBy))) violated('legislation.not-signed', 'it becomes law only once signed or its veto overridden by both chambers');
      break;
    default:
      break;
  }
}
