import type { Money, OccurredAt, Party, Quantity, Recipient } from '../api/types';

const regionNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;

/** "North Korea" for KP; the code itself where the runtime does not know it. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  try {
    return regionNames?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "Ukraine" for UA; a group as its region with the countries it names: "Indo-Pacific (TW, PH)". */
export function recipientName(recipient: Recipient | null | undefined): string {
  if (!recipient) return '';
  if (typeof recipient === 'string') return countryName(recipient);
  const countries = recipient.countries?.join(', ');
  if (!recipient.region) return recipient.countries?.map(countryName).join(', ') ?? '';
  return countries ? `${recipient.region} (${countries})` : recipient.region;
}

/** A stable key of a recipient, for grouping: the code, or the group's region and countries. */
export function recipientKey(recipient: Recipient): string {
  return typeof recipient === 'string' ? recipient : JSON.stringify([recipient.region ?? null, [...(recipient.countries ?? [])].sort()]);
}

/** The states a recipient names: its code, or the countries listed in its group. */
export function recipientCountries(recipient: Recipient | null | undefined): readonly string[] {
  if (!recipient) return [];
  return typeof recipient === 'string' ? [recipient] : (recipient.countries ?? []);
}

export function partyName(party: Party): string {
  if (party.name) return party.role ? `${party.name} (${party.role})` : party.name;
  return countryName(party.country) || 'unknown';
}

/** "$24 billion" for a decimal string; exact digits stay in `exactMoney`. */
export function money(amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      notation: Math.abs(value) >= 1_000_000 ? 'compact' : 'standard',
      compactDisplay: 'long',
      minimumFractionDigits: 0,
      maximumFractionDigits: Math.abs(value) >= 1_000_000 ? 2 : 0,
    }).format(value);
  } catch {
    return `${amount} ${currency}`;
  }
}

const QUALIFIER_WORDS: Record<string, string> = { approx: 'about ', at_least: 'at least ', at_most: 'at most ' };

/** Money as a person says it: "$24B", "about $106B", "at least $5B", "$1B–$2B". */
export function moneyOf(m: Money): string {
  if (m.qualifier === 'range' && m.upTo) return `${money(m.amount, m.currency)}–${money(m.upTo, m.currency)}`;
  return `${QUALIFIER_WORDS[m.qualifier ?? ''] ?? ''}${money(m.amount, m.currency)}`;
}

/** Every digit, with the qualifier in words: "about USD 33,000,000,000". */
export function exactMoneyOf(m: Money): string {
  if (m.qualifier === 'range' && m.upTo) return `${exactMoney(m.amount, m.currency)} to ${exactMoney(m.upTo, m.currency)}`;
  return `${QUALIFIER_WORDS[m.qualifier ?? ''] ?? ''}${exactMoney(m.amount, m.currency)}`;
}

/** "USD 24,000,000,000": every digit of the decimal string, grouped. */
export function exactMoney(amount: string, currency: string): string {
  const [whole = '0', fraction] = amount.replace(/^-/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${amount.startsWith('-') ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2 Nov 2023" from "2023-11-02"; "Nov 2023" or "2023" at a coarser precision. */
export function day(date: string, precision: 'day' | 'month' | 'year' = 'day'): string {
  const [year = '', month = '', dayOfMonth = ''] = date.slice(0, 10).split('-');
  const monthName = MONTHS[Number(month) - 1] ?? '';
  if (precision === 'year' || !monthName) return year;
  if (precision === 'month' || !dayOfMonth) return `${monthName} ${year}`;
  return `${Number(dayOfMonth)} ${monthName} ${year}`;
}

/** When something happened in the world, at the precision it is known: "7 Sep – 1 Oct 2023", "Nov 2023". */
export function occurred(at: OccurredAt): string {
  if (at.to && at.to !== at.from) {
    const from = day(at.from);
    const to = day(at.to);
    const sameYear = at.from.slice(0, 4) === at.to.slice(0, 4);
    return `${sameYear ? from.replace(/ \d{4}$/, '') : from} – ${to}`;
  }
  const precision = at.precision === 'month' || at.precision === 'year' ? at.precision : 'day';
  return day(at.from, precision);
}

/** A recorded time (an instant), in the reader's time zone: "29 Nov 2026, 17:24:41". */
export function instant(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "passed_one_chamber" -> "passed one chamber" */
export function words(code: string): string {
  return code.replace(/[_-]+/g, ' ');
}

export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function quantity(q: Pick<Quantity, 'value' | 'unit' | 'qualifier' | 'upTo'>): string {
  const format = (n: number) => new Intl.NumberFormat('en-US').format(n);
  if (q.qualifier === 'range' && q.upTo !== undefined) return `${format(q.value)}–${format(q.upTo)} ${q.unit}`;
  return `${QUALIFIER_WORDS[q.qualifier] ?? ''}${format(q.value)} ${q.unit}`;
}

/** A count's start, as precise as its source gave it: "since 7 Sep 2023", "since Sep 2023", "since 2022". */
export function since(date: string | null | undefined): string {
  return date ? `since ${day(date, date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day')}` : 'from an unsaid start';
}

/** The value of an <input type="datetime-local"> (the reader's time zone) for an instant, to the second. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The instant an <input type="datetime-local"> value names (read in the reader's time zone), as ISO 8601; null when incomplete. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
