import type { Confidence, Money, OccurredAt, Party, Quantity, Source } from '../api/types';

/**
 * An event's data as the API sends it (a stream's history, the live stream): as stored, in the
 * schema version it was written in, not read by the API. What the dashboard shows of it is read
 * here field by field, each checked to have the shape its type says.
 */

/** The fields of an event's data (of any value: none when it is not an object). */
export const fieldsOf = (data: unknown): ReadonlyMap<string, unknown> => new Map(typeof data === 'object' && data !== null ? Object.entries(data) : []);

const oneOf =
  <T extends string>(values: Record<T, true>) =>
  (value: unknown): value is T =>
    typeof value === 'string' && Object.hasOwn(values, value);
export const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number';
const optional = (value: unknown, is: (value: unknown) => boolean) => value === undefined || is(value);
export const isListOf = <T>(value: unknown, is: (item: unknown) => item is T): value is readonly T[] => Array.isArray(value) && value.every(is);

const isConfidence = oneOf<Confidence>({ confirmed: true, assessed: true, alleged: true, disputed: true });
const isPrecision = oneOf<OccurredAt['precision']>({ day: true, month: true, year: true, range: true });
const isSourceClass = oneOf<Source['sourceClass']>({ official_statement: true, intelligence_disclosure: true, legislative_record: true, dataset: true, media: true, think_tank: true });
const isQualifier = oneOf<Quantity['qualifier']>({ exact: true, at_least: true, at_most: true, approx: true, range: true });

function isOccurredAt(value: unknown): value is OccurredAt {
  const f = fieldsOf(value);
  return isString(f.get('from')) && isPrecision(f.get('precision')) && optional(f.get('to'), isString);
}

function isSource(value: unknown): value is Source {
  const f = fieldsOf(value);
  return isString(f.get('publisher')) && isSourceClass(f.get('sourceClass')) && ['url', 'attributedTo', 'basis', 'evidence', 'publishedAt'].every((key) => optional(f.get(key), isString));
}

export function isParty(value: unknown): value is Party {
  const f = fieldsOf(value);
  return (f.has('name') || f.has('country')) && ['name', 'country', 'role'].every((key) => optional(f.get(key), isString));
}

export function isQuantity(value: unknown): value is Quantity {
  const f = fieldsOf(value);
  return isNumber(f.get('value')) && isString(f.get('unit')) && isQualifier(f.get('qualifier')) && optional(f.get('upTo'), isNumber) && ['countingSince', 'through'].every((key) => optional(f.get(key), isString));
}

export function isMoney(value: unknown): value is Money {
  const f = fieldsOf(value);
  return isString(f.get('amount')) && isString(f.get('currency')) && optional(f.get('qualifier'), isQualifier) && optional(f.get('upTo'), isString);
}

/** When it happened, its sources and how sure: what a fact's data carries, each when the data has it in that shape. */
export interface FactFields {
  readonly occurredAt?: OccurredAt;
  readonly sources?: readonly Source[];
  readonly confidence?: Confidence;
}

export function factOf(data: unknown): FactFields {
  const f = fieldsOf(data);
  const [occurredAt, sources, confidence] = [f.get('occurredAt'), f.get('sources'), f.get('confidence')];
  return {
    ...(isOccurredAt(occurredAt) ? { occurredAt } : {}),
    ...(isListOf(sources, isSource) ? { sources } : {}),
    ...(isConfidence(confidence) ? { confidence } : {}),
  };
}
