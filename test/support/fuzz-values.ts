import fc from 'fast-check';

/**
 * Odd values for fuzzing the HTTP API (fast-check arbitraries), and the JSON writer that sends
 * them: what `JSON.stringify` cannot write (raw number literals such as `1e400`, nesting 100,000
 * deep, a `__proto__` key) and what would flood a failure report (a 600,000-character string) are
 * values of their own, printed short.
 */

/** JSON text sent as it is: a number literal JSON.stringify cannot write, or nesting too deep to build. */
export class RawJson {
  constructor(
    readonly text: string,
    readonly label: string = text,
  ) {}
  [fc.toStringMethod](): string {
    return `raw(${this.label})`;
  }
}

/** A string repeated, or an array of copies of a value, `times` over: written out only when sent. */
export class Repeated {
  constructor(
    readonly kind: 'string' | 'array',
    readonly unit: unknown,
    readonly times: number,
  ) {}
  [fc.toStringMethod](): string {
    return `${this.kind === 'string' ? JSON.stringify(this.unit) : `[${fc.stringify(this.unit)}]`} x ${this.times}`;
  }
}

/** JSON text of a value with RawJson and Repeated written out; object keys as given, `__proto__` too. */
export function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof Repeated) {
    if (value.kind === 'string') return JSON.stringify(String(value.unit).repeat(value.times));
    const item = jsonText(value.unit);
    return `[${Array.from({ length: value.times }, () => item).join(',')}]`;
  }
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).filter(([, member]) => member !== undefined);
    return `{${members.map(([key, member]) => `${JSON.stringify(key)}:${jsonText(member)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Sets a member as an own, enumerable property, so that `__proto__` is a key like any other. */
export function setMember(target: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const deep = (depth: number, open: string, close: string, label: string) => new RawJson(open.repeat(depth) + close.repeat(depth), `${label} nested ${depth} deep`);

/** Strings that have broken stores and parsers: NUL, lone surrogates, control and bidi characters, the very long. */
export const oddStrings: readonly unknown[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udbff',
  '\ud83d\ude00',
  '🇺🇦 👩🏽‍⚕️ ‮RTL‬ שלום مرحبا',
  '\u200b\ufeff\u2028\u2029',
  '\uffff\ufffe',
  '\u0001\u001f\u007f\u0085',
  '\\',
  '"',
  '%00',
  '../..',
  "'; DROP TABLE events; --",
  '<script>alert(1)</script>',
  'null',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '-1',
  '0x10',
  ' 24000000000 ',
  '24000000000.00001',
  '9'.repeat(400),
  '__proto__',
  'KP',
  'kp',
  'XX',
  'USD',
  'usd',
  new Repeated('string', 'x', 2001),
  new Repeated('string', 'x', 600_000),
  new Repeated('string', '\u0000', 1000),
  new Repeated('string', '🙂', 300_000),
];

/** Dates outside what PostgreSQL or the story holds, or not on the calendar. */
export const oddDates: readonly string[] = [
  '0000-01-01',
  '0001-01-01',
  '1799-12-31',
  '1800-01-01',
  '2200-12-31',
  '2201-01-01',
  '9999-12-31',
  '2024-02-30',
  '2023-02-29',
  '2024-02-29',
  '2023-13-01',
  '2023-00-10',
  '2023-10-32',
  '2023',
  '2023-10',
  '20231013',
  '2023-W41',
  '+275760-09-13',
];

/** Date-times outside what PostgreSQL or the story holds, or not on the calendar or the clock. */
export const oddDateTimes: readonly string[] = [
  '0000-01-01T00:00:00Z',
  '0000-12-31T23:59:59+14:00',
  '0001-01-01T00:00:00Z',
  '1799-12-31T23:59:59Z',
  '2201-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '2024-02-30T00:00:00Z',
  '2023-10-13T25:00:00Z',
  '2023-10-13T23:59:60Z',
  '2023-10-13T00:00:00+14:00',
  '2023-10-13T00:00:00-99:99',
  '2023-10-13T00:00:00.123456789Z',
  '1969-12-31T23:59:59.999Z',
  '2023-10-13',
];

/** Numbers at and past the edges: the largest and smallest doubles, -0, integers past 2^53, literals that overflow. */
export const oddNumbers: readonly unknown[] = [
  0,
  -1,
  0.5,
  1e308,
  -1e308,
  5e-324,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 53,
  2 ** 53 + 2,
  1e15,
  1e15 + 1,
  1e16,
  Number.MAX_SAFE_INTEGER,
  new RawJson('-0'),
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('1e-400'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('1.0000000000000000000000000001'),
  new RawJson('1E2'),
];

/** Values of another type than expected, and structures past any bound. */
export const oddShapes: readonly unknown[] = [
  null,
  true,
  false,
  [],
  {},
  [null],
  { '': '' },
  ['KP', 'RU'],
  new Repeated('array', 'US', 20_000),
  new Repeated('array', { publisher: 'p', sourceClass: 'media' }, 20_000),
  deep(1000, '[', ']', 'arrays'),
  deep(100_000, '[', ']', 'arrays'),
  new RawJson(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, 'objects nested 5000 deep'),
];

/** Keys a body should not have, or has in odd spellings. */
export const oddKeys: readonly string[] = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'id', '', ' ', '\u0000', '\ud800', 'type', 'data', 'metadata', 'position', 'x'.repeat(10_000)];

/** Any odd value: one of the lists above, a random string of any code unit (lone surrogates too), a random number or JSON value. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...oddStrings) },
  { weight: 3, arbitrary: fc.constantFrom(...oddDates, ...oddDateTimes) },
  { weight: 3, arbitrary: fc.constantFrom(...oddNumbers) },
  { weight: 3, arbitrary: fc.constantFrom(...oddShapes) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 20 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Characters that break stores and parsers, to put into an otherwise valid string. */
const oddCharacters = ['\u0000', '\ud800', '\udc00', '\udbff', '\u0000\udfff', '\u202e', '\ufeff', '🙂', '\u0085', '%00', '"', '\\'];

/**
 * A value near the given valid one: the same string with an odd character put in, stretched past
 * its bound, or a date off the calendar or out of range when it is a date; a number at an edge;
 * else any odd value.
 */
export function nearValue(original: unknown): fc.Arbitrary<unknown> {
  if (typeof original === 'string') {
    const near = [
      { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...oddCharacters), fc.nat(original.length)).map(([odd, at]) => original.slice(0, at) + odd + original.slice(at)) },
      { weight: 1, arbitrary: fc.constantFrom(2001, 10_001, 600_000).map((length) => new Repeated('string', original || 'x', Math.ceil(length / Math.max(original.length, 1)))) },
      { weight: 1, arbitrary: fc.constantFrom(original.toLowerCase(), original.toUpperCase(), ` ${original}`, `${original} `, '') },
    ];
    if (/^\d{4}(-\d\d){0,2}$/.test(original)) near.push({ weight: 5, arbitrary: fc.constantFrom(...oddDates, ...oddDateTimes) });
    return fc.oneof(...near, { weight: 2, arbitrary: oddValue });
  }
  if (typeof original === 'number') {
    return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...oddNumbers) }, fc.constantFrom(original + 1, original - 1, -original, original + 0.5, original * 1e6), fc.double(), { weight: 2, arbitrary: oddValue });
  }
  return oddValue;
}

/** Odd values as they would come in a query string or a header: raw (percent-encoded or not). */
export const oddQueryValues: readonly string[] = [
  '',
  ' ',
  '0',
  '-0',
  '-1',
  '1.5',
  '1e3',
  '1e308',
  '9007199254740991',
  '9007199254740992',
  '99999999999999999999',
  '0x10',
  'NaN',
  'Infinity',
  'null',
  'true',
  '[]',
  '{}',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%FF',
  '%',
  '%zz',
  '%C3%A9',
  '%F0%9F%99%82',
  '..',
  '%2e%2e',
  '%2F',
  ',',
  ',,,',
  'UA',
  'ua',
  'XX',
  'ShipmentReported,AidRequested',
  'ShipmentReported,,AidRequested',
  'shipment,package',
  'shipment-kp-ru-2023-09',
  `shipment-${'a'.repeat(200)}`,
  'a'.repeat(3000),
  ...oddDates.map(encodeURIComponent),
  ...oddDateTimes.map(encodeURIComponent),
];

/** A path segment as a client might send it: too long, encoded NUL, dot segments, unicode, empty, malformed escapes. */
export const oddIds: readonly string[] = [
  '',
  ' ',
  '%20',
  '%00',
  'a%00',
  '..',
  '.',
  '%2e%2e',
  '%2F',
  '%zz',
  '%',
  '%ED%A0%80',
  '%FF',
  'é',
  '%C3%A9',
  '%F0%9F%99%82',
  'UPPER',
  '-leading',
  '.leading',
  'x'.repeat(81),
  'x'.repeat(5000),
  'shipment-kp-ru-2023-09',
  'nope',
  '__proto__',
  'constructor',
  'a;b',
  'a?b=c',
  'a#b',
];

/** Header values a client might send: empty, past the length, quoted oddly, Latin-1 beyond ASCII. */
export const oddHeaderValues: readonly string[] = [
  '',
  ' ',
  '"',
  '""',
  '*',
  '"1"',
  'W/"1"',
  '1',
  '"0"',
  '"-1"',
  '"1.5"',
  '1e3',
  '"999999999999999"',
  '"9999999999999999"',
  '"abc"',
  'W/""',
  '"1", "2"',
  'key with spaces',
  'é',
  '\u00a0',
  '\u00ff'.repeat(200),
  'a'.repeat(201),
  'a'.repeat(255),
  'a'.repeat(256),
  'a'.repeat(8000),
];

/** A header value built from Latin-1 (what HTTP carries), tabs and spaces included. */
export const latin1HeaderValue = fc.string({
  unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09)).map((code) => String.fromCharCode(code)),
  maxLength: 300,
});
