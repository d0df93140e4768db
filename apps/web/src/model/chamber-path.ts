import type { LegislativeAction } from '../api/types';

export type StepState = 'done' | 'current' | 'pending' | 'failed';

export interface Step {
  readonly key: string;
  readonly label: string;
  readonly state: StepState;
  /** What happened at this step: "226-196 on 2 Nov 2023", "cloture failed". */
  readonly detail?: string;
  readonly action?: LegislativeAction;
}

export interface PathInput {
  readonly status: string;
  readonly bill: { readonly type: string; readonly label: string } | null;
  readonly actions: readonly LegislativeAction[];
  /** Whether the package holds anything (requests or components). */
  readonly holdsAid: boolean;
}

const CHAMBER = { house: 'House', senate: 'Senate' } as const;

function lastOf(actions: readonly LegislativeAction[], test: (a: LegislativeAction) => boolean): LegislativeAction | undefined {
  return [...actions].reverse().find(test);
}

/**
 * A package's way through the chambers as steps: proposed, bundled, carried by a bill, the
 * chamber the bill starts in, the other chamber, the president, law. Each step is done, current
 * (the next thing to happen), pending, or failed. Only the actions on the bill that carries the
 * package now count, as for its status.
 */
export function chamberPath({ status, bill, actions, holdsAid }: PathInput): Step[] {
  const onBill = bill ? actions.filter((a) => a.bill === bill.label) : [];
  const first: 'house' | 'senate' = bill && (bill.type === 's' || bill.type === 'sjres') ? 'senate' : 'house';
  const second = first === 'house' ? 'senate' : 'house';
  const passed = (chamber: string) => lastOf(onBill, (a) => a.chamber === chamber && a.action === 'passed');
  const lost = (chamber: string) => lastOf(onBill, (a) => a.chamber === chamber && (a.action === 'failed' || a.action === 'cloture_failed'));
  const president = (action: string) => lastOf(onBill, (a) => a.chamber === 'president' && a.action === action);
  const overridden = lastOf(onBill, (a) => a.action === 'veto_overridden');
  const enacted = status === 'enacted';

  const chamberStep = (chamber: 'house' | 'senate', label: string): Omit<Step, 'state'> & { done: boolean; failed: boolean } => {
    const yes = passed(chamber);
    const no = lost(chamber);
    // A later passage wins over an earlier failed cloture vote.
    const failed = !!no && (!yes || onBill.indexOf(no) > onBill.indexOf(yes)) && (status === 'failed' || status === 'cloture_failed');
    const decisive = failed ? no : yes;
    const vote = decisive?.vote ? `${decisive.vote.yea}-${decisive.vote.nay}` : undefined;
    const what = failed ? (no?.action === 'cloture_failed' ? 'cloture failed' : 'failed') : yes ? 'passed' : undefined;
    return {
      key: chamber,
      label,
      done: !!yes && !failed,
      failed,
      detail: what ? [what, vote].filter(Boolean).join(' ') : undefined,
      action: decisive,
    };
  };

  const raw: (Omit<Step, 'state'> & { done: boolean; failed: boolean })[] = [
    { key: 'proposed', label: 'Proposed', done: true, failed: false },
    { key: 'bundled', label: 'Bundled', done: holdsAid || !!bill, failed: false },
    { key: 'bill', label: bill ? `Bill: ${bill.label.replace(/ \(.*\)$/, '')}` : 'Bill', done: !!bill, failed: false },
    chamberStep(first, bill ? CHAMBER[first] : 'First chamber'),
    chamberStep(second, bill ? CHAMBER[second] : 'Second chamber'),
    (() => {
      const vetoed = president('vetoed');
      const signed = president('signed') ?? president('became_law');
      const done = !!signed || !!overridden || enacted;
      const failed = status === 'vetoed' && !overridden;
      const detail = failed ? 'vetoed' : overridden ? 'veto overridden' : signed ? 'signed' : president('presented') ? 'presented' : vetoed ? 'vetoed' : undefined;
      return { key: 'president', label: 'President', done, failed, detail, action: signed ?? vetoed ?? president('presented') };
    })(),
    { key: 'law', label: 'Law', done: enacted, failed: false },
  ];

  const stuck = raw.findIndex((s) => s.failed);
  const next = raw.findIndex((s) => !s.done);
  return raw.map(({ done, failed, ...step }, index) => {
    let state: StepState;
    if (failed) state = 'failed';
    else if (done) state = 'done';
    else if (stuck === -1 && index === next) state = 'current';
    else state = 'pending';
    return { ...step, state };
  });
}
