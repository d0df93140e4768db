import type { Amount, Money, Package, Recipient, StageAmounts } from '../api/types';
import { capitalised, recipientKey, recipientName, words } from './format';

/** One stage of a package's money, as a column of the board: requested, a bill version, an outside assessment. */
export interface StageColumn {
  readonly key: string;
  readonly kind: 'requested' | 'version' | 'assessment';
  /** "Requested", "House text", "Enacted", "Budget authority". */
  readonly title: string;
  /** Whose it is: the bill ("H.R. 7691"), the assessor ("Congressional Research Service"). */
  readonly by: string | null;
  /** Whether amountsByRecipient sums this stage (amountsBasis). Assessments never are. */
  readonly summed: boolean;
  readonly stage: StageAmounts;
}

export interface StageRow {
  readonly key: string;
  readonly recipient: Recipient;
  readonly label: string;
  /** One cell per column, in column order: the stage's sum for this recipient, or null when it has no line for it. */
  readonly cells: readonly (Amount | null)[];
}

export interface StageMatrix {
  readonly columns: readonly StageColumn[];
  readonly rows: readonly StageRow[];
  /** Currencies of the package's stages, one total row each. */
  readonly currencies: readonly string[];
}

const VERSION_TITLES: Record<string, string> = {
  introduced: 'Introduced',
  house_committee: 'House committee',
  senate_committee: 'Senate committee',
  house: 'House text',
  senate: 'Senate text',
  conference: 'Conference text',
  enrolled: 'Enrolled',
  enacted: 'Enacted',
};

/** "H.R. 7691 (117th Congress)" -> "H.R. 7691" */
export const shortBill = (label: string) => label.replace(/ \(\d+\w* Congress\)$/, '');

/** A version's title: "House text", "Enacted". */
const versionTitle = (version: string) => VERSION_TITLES[version] ?? capitalised(words(version));

/**
 * The board's amounts by stage as a matrix: one column per stage, side by side and none
 * overwriting another (requested, each bill version, each outside assessment), one row per
 * recipient named at any stage. The column amountsByRecipient sums is marked.
 */
export function stageMatrix(pkg: Pick<Package, 'amountsByStage' | 'amountsBasis'>): StageMatrix {
  const stages = pkg.amountsByStage ?? [];
  const billCount = new Set(stages.flatMap((s) => s.bill ?? [])).size;
  const columns = stages.map((stage, index): StageColumn => {
    if (stage.stage === 'requested') return { key: `${index}-requested`, kind: 'requested', title: 'Requested', by: null, summed: pkg.amountsBasis?.stage === 'requested', stage };
    if (stage.stage === 'assessment') {
      return { key: `${index}-assessment`, kind: 'assessment', title: capitalised(words(stage.measure ?? 'assessment')), by: stage.assessor, summed: false, stage };
    }
    const summed = pkg.amountsBasis?.stage === 'bill_versions' && pkg.amountsBasis.versions.some((v) => v.bill === stage.bill && v.version === stage.stage);
    // The bill is named when more than one carries the package (or carried it).
    return { key: `${index}-${stage.stage}`, kind: 'version', title: versionTitle(stage.stage), by: stage.bill && billCount > 1 ? shortBill(stage.bill) : null, summed, stage };
  });
  const recipients = new Map<string, Recipient>();
  for (const stage of stages) for (const amount of stage.byRecipient) if (!recipients.has(recipientKey(amount.recipient))) recipients.set(recipientKey(amount.recipient), amount.recipient);
  const rows = [...recipients.entries()]
    .map(([key, recipient]) => ({ key, recipient, label: recipientName(recipient) }))
    .sort((a, b) => a.label.localeCompare(b.label))
    .map(({ key, recipient, label }) => {
      const currencies = [...new Set(stages.flatMap((s) => s.byRecipient.filter((a) => recipientKey(a.recipient) === key).map((a) => a.currency)))];
      return currencies.map(
        (currency): StageRow => ({
          key: `${key} ${currency}`,
          recipient,
          label,
          cells: stages.map((s) => s.byRecipient.find((a) => recipientKey(a.recipient) === key && a.currency === currency) ?? null),
        }),
      );
    })
    .flat();
  const currencies = [...new Set(stages.flatMap((s) => [...s.totals, ...s.statedTotals].map((m) => m.currency)))].sort();
  return { columns, rows, currencies };
}

/** A stage's money in one currency, or null. */
export function inCurrency(amounts: readonly Money[], currency: string): Money | null {
  return amounts.find((m) => m.currency === currency) ?? null;
}

/** The lines of a stage for one recipient, for provenance: "military: USD 6,000,000,000 (DoD Ukraine Security Assistance Initiative)". */
export function linesFor(stage: StageAmounts, recipient: Recipient, currency: string) {
  return stage.lines.filter((l) => recipientKey(l.recipient) === recipientKey(recipient) && l.amount.currency === currency);
}
