import fc from 'fast-check';
import { jsonText, nearValue, oddKeys, oddValue, RawJson, Repeated, setMember } from './fuzz-values';
import type { JsonSchema } from './openapi-operations';

/**
 * Near-valid bodies: a valid body with one change at one place (any depth), as fast-check
 * arbitraries: a value near the one there or any odd value, the member gone, an odd key added, the
 * value repeated 20,000 times.
 */

export type Segment = string | number;
export type Change = { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'add-key'; key: string; value: unknown } | { kind: 'grow'; times: number };
export interface Mutation {
  readonly at: readonly Segment[];
  readonly change: Change;
}

/** A JSON object as parsed or built here (not a RawJson or Repeated stand-in, not an array). */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/** Every place in a JSON value: the root, each member and each item, at any depth. */
export function placesOf(value: unknown, at: readonly Segment[] = []): Segment[][] {
  const inner = Array.isArray(value)
    ? value.flatMap((item, index) => placesOf(item, [...at, index]))
    : isPlainObject(value)
      ? Object.entries(value).flatMap(([key, member]) => placesOf(member, [...at, key]))
      : [];
  return [[...at], ...inner];
}

/** The value at a place, or undefined. */
export const valueAt = (value: unknown, at: readonly Segment[]): unknown =>
  at.reduce<unknown>((inner, key) => (Array.isArray(inner) && typeof key === 'number' ? inner[key] : isPlainObject(inner) && typeof key === 'string' ? inner[key] : undefined), value);

/** The value with one change made at one place (a copy: the original stays as it was); undefined once removed. */
export function mutate(value: unknown, at: readonly Segment[], change: Change): unknown {
  const [head, ...rest] = at;
  // A place an earlier mutation replaced by a stand-in: it stays as it is.
  if (value instanceof RawJson || value instanceof Repeated) return value;
  if (head === undefined) {
    switch (change.kind) {
      case 'set':
        return change.value;
      case 'delete':
        return undefined;
      case 'add-key': {
        const copy: Record<string, unknown> = isPlainObject(value) ? { ...value } : {};
        setMember(copy, change.key, change.value);
        return copy;
      }
      case 'grow': {
        // 20,000 copies at most, and never more than some megabytes (a body past 1 MiB is refused unread anyway).
        const item = Array.isArray(value) ? (value[0] ?? null) : value;
        return new Repeated('array', item, Math.max(2, Math.min(change.times, Math.floor(4_000_000 / jsonText(item).length))));
      }
    }
  }
  if (Array.isArray(value)) {
    const copy = [...value];
    if (typeof head === 'number') {
      const changed = mutate(copy[head], rest, change);
      if (changed === undefined) copy.splice(head, 1);
      else copy[head] = changed;
    }
    return copy;
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      const changed = key === head ? mutate(member, rest, change) : member;
      if (changed !== undefined) setMember(copy, key, changed);
    }
    return copy;
  }
  return value;
}

/** The value with every mutation made in turn (`null` where the root itself was removed). */
export const applyAll = (value: unknown, mutations: readonly Mutation[]) => mutations.reduce((body, { at, change }) => mutate(body, at, change) ?? null, value);

/** The schemas that may describe the value at a place (each alternative of an anyOf). */
export function schemasAt(schema: JsonSchema, at: readonly Segment[]): JsonSchema[] {
  const alternatives = [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  const [key, ...rest] = at;
  if (key === undefined) return alternatives;
  return alternatives.flatMap((each) => {
    const inner = typeof key === 'number' ? each.items : each.properties?.[key];
    return inner ? schemasAt(inner, rest) : [];
  });
}

function changeAt(original: unknown, keys: readonly string[]): fc.Arbitrary<Change> {
  return fc.oneof(
    { weight: 6, arbitrary: nearValue(original).map((value): Change => ({ kind: 'set', value })) },
    { weight: 2, arbitrary: oddValue.map((value): Change => ({ kind: 'set', value })) },
    { weight: 2, arbitrary: fc.constant<Change>({ kind: 'delete' }) },
    { weight: 3, arbitrary: fc.record({ key: fc.constantFrom(...keys), value: fc.oneof(oddValue, fc.constant('ok')) }).map(({ key, value }): Change => ({ kind: 'add-key', key, value })) },
    { weight: 1, arbitrary: fc.constantFrom(2, 501, 20_000).map((times): Change => ({ kind: 'grow', times })) },
  );
}

/**
 * One change at a place of a valid body: mostly a value near the one there (the same text with a
 * NUL or a lone surrogate in it, a date off the calendar), or any odd value; else a removal, an odd
 * key (or one the schema declares elsewhere), or 20,000 copies.
 */
export function mutationOf(body: unknown, schema: JsonSchema, declaredKeys: readonly string[]): fc.Arbitrary<Mutation> {
  const keys = [...oddKeys, ...declaredKeys];
  const places = placesOf(body);
  const isLeaf = (at: readonly Segment[]) => {
    const value = valueAt(body, at);
    return !Array.isArray(value) && !isPlainObject(value);
  };
  // A string with a format or a pattern (a date, a URL, an amount) is checked for its shape, and
  // perhaps not for what the store takes: those as often as other leaves, which come before the
  // arrays and objects; an odd value in an otherwise valid body reaches the store.
  const formatted = places.filter((at) => isLeaf(at) && schemasAt(schema, at).some((each) => each.format !== undefined || each.pattern !== undefined));
  const leaves = places.filter((at) => isLeaf(at) && !formatted.includes(at));
  const inner = places.filter((at) => !isLeaf(at));
  const place = fc.oneof(
    ...[
      { weight: 3, places: formatted },
      { weight: 3, places: leaves },
      { weight: 1, places: inner },
    ].flatMap(({ weight, places: some }) => (some.length > 0 ? [{ weight, arbitrary: fc.constantFrom(...some) }] : [])),
  );
  return place.chain((at) => fc.record({ at: fc.constant(at), change: changeAt(valueAt(body, at), keys) }));
}

/** One mutation of a valid body (most often: it leaves the rest valid), or two or three. */
export const mutationsOf = (body: unknown, schema: JsonSchema, declaredKeys: readonly string[]): fc.Arbitrary<Mutation[]> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.array(mutationOf(body, schema, declaredKeys), { minLength: 1, maxLength: 1 }) },
    fc.array(mutationOf(body, schema, declaredKeys), { minLength: 2, maxLength: 3 }),
  );
