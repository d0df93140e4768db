import type { Money, Qualifier, Recipient } from '@policy-ledger/contracts';
import { decimalUnits, formatUnits } from './decimal';

/**
 * The qualifier of a sum of figures: exact when every one is; at_least (at_most) when each is
 * exact or a floor (a ceiling); a range when each is exact or a range; approx otherwise. One rule
 * for money and for quantities.
 */
export function combineQualifiers(qualifiers: readonly Qualifier[]): Qualifier {
  const only = (...allowed: Qualifier[]) => qualifiers.every((q) => allowed.includes(q));
  if (only('exact')) return 'exact';
  if (only('exact', 'at_least')) return 'at_least';
  if (only('exact', 'at_most')) return 'at_most';
  if (only('exact', 'range')) return 'range';
  return 'approx';
}

/** A sum of money: the amount, and unless exact its qualifier (and a range's top). */
export interface MoneySum {
  readonly amount: string;
  readonly currency: string;
  readonly qualifier?: Exclude<Qualifier, 'exact'>;
  readonly upTo?: string;
}

/** Exact sum of amounts of one currency, with their combined qualifier. */
export function sumMoney(amounts: readonly Pick<Money, 'amount' | 'qualifier' | 'upTo'>[], currency: string): MoneySum {
  const qualifier = combineQualifiers(amounts.map((m) => m.qualifier ?? 'exact'));
  const sum = (pick: (m: (typeof amounts)[number]) => string) => formatUnits(amounts.reduce((acc, m) => acc + decimalUnits(pick(m)), 0n));
  const amount = sum((m) => m.amount);
  if (qualifier === 'exact') return { amount, currency };
  if (qualifier === 'range') return { amount, currency, qualifier, upTo: sum((m) => m.upTo ?? m.amount) };
  return { amount, currency, qualifier };
}

export function isExact(money: Pick<Money, 'qualifier'>): boolean {
  return (money.qualifier ?? 'exact') === 'exact';
}

/** The states a recipient names: its code, or the countries listed in its group. */
export function recipientCountries(recipient: Recipient): readonly string[] {
  return typeof recipient === 'string' ? [recipient] : (recipient.countries ?? []);
}

/** A stable key of a recipient, for grouping lines: "UA", or the group's region and countries. */
export function recipientKey(recipient: Recipient): string {
  return typeof recipient === 'string' ? recipient : JSON.stringify([recipient.region ?? null, [...(recipient.countries ?? [])].sort()]);
}

/** "UA", "Indo-Pacific", "Europe (PL, RO)". */
export function recipientLabel(recipient: Recipient): string {
  if (typeof recipient === 'string') return recipient;
  const countries = recipient.countries?.join(', ');
  if (recipient.region === undefined) return countries ?? '';
  return countries ? `${recipient.region} (${countries})` : recipient.region;
}
