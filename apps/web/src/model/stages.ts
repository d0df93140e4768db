import type { Package, StageAmount } from '../api/types';
import { words } from './format';

export interface StageRow {
  readonly stage: string;
  readonly recipient: string | null;
  readonly purpose: string | null;
  readonly currency: string;
  readonly amount: string;
  readonly source: StageAmount;
}

/**
 * Amounts by stage (requested, each chamber's bill, enacted, outside assessments), flattened to
 * one row per stage and recipient, from whichever shape the board gives (`amountsByStage` or
 * `stages`; an amount per recipient, a list of them, or a total). Empty when the board has none.
 */
export function stageRows(pkg: Pick<Package, 'amountsByStage' | 'stages'>): StageRow[] {
  const stages = pkg.amountsByStage ?? pkg.stages ?? [];
  return stages.flatMap((s): StageRow[] => {
    const stage = s.label ?? words(s.stage);
    if (s.amounts && s.amounts.length > 0) {
      return s.amounts.map((a) => ({ stage, recipient: a.recipient, purpose: a.purpose ?? null, currency: a.currency, amount: a.amount, source: s }));
    }
    const money = typeof s.amount === 'object' ? s.amount : s.amount !== undefined && s.currency ? { amount: s.amount, currency: s.currency } : s.total;
    return money ? [{ stage, recipient: s.recipient ?? null, purpose: s.purpose ?? null, currency: money.currency, amount: money.amount, source: s }] : [];
  });
}
