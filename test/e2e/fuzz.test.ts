/**
 * Property-based fuzzing of the whole HTTP API with fast-check: no request, however odd, answers
 * 5xx. The operations come from the OpenAPI document the app serves, so a command or a read added
 * later is fuzzed without a change here. Command bodies start from a valid body per operation (the
 * fixtures' stories, a few more below, else one made from the schema) with one to three fields at
 * any depth replaced by odd values, removed or joined by odd keys; then wholly random JSON, odd
 * headers, content types and non-JSON text, odd path parameters, odd query strings, NDJSON imports.
 * Every answer below 500; every 4xx an RFC 9457 problem whose `status` is the HTTP status, a 400
 * with `errors[]` naming each field and rule. Afterwards the log reads back and every event decodes.
 *
 * FUZZ_SCALE=10 runs ten times as many cases; FUZZ_SEED=<seed> replays a run (fast-check prints the
 * seed and the shrunk counterexample of a failure); FUZZ_STATS=1 prints how the requests were answered.
 */
import { commandCatalogue, type CommandType, decodeCommand, decodeEvent, eventCatalogue, streamTypes } from '@policy-ledger/contracts';
import { dprkShipment, ukraineAidRequest, ukraineIsraelPackage } from '@policy-ledger/testing';
import fc from 'fast-check';
import { join } from 'node:path';
import { loadFixture, seedFixture } from '../../scripts/seed-fixture';
import { applyAll, isPlainObject, mutationsOf } from '../support/body-mutations';
import { jsonText, latin1HeaderValue, oddDates, oddDateTimes, oddHeaderValues, oddIds, oddQueryValues, oddValue, RawJson } from '../support/fuzz-values';
import { exampleOf, type JsonSchema, matchPath, type Operation, operationsOf, pathOf, propertyNamesOf } from '../support/openapi-operations';
import { startTestApp, type TestApp } from '../support/test-app';

const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)), ...(SEED === undefined ? {} : { seed: SEED }) });
/** Runs per group: a few hundred to a few thousand (a request takes a few milliseconds); the file runs in 15-30 s on two cores. */
const RUNS = { bodies: 2000, json: 300, headers: 800, paths: 300, reads: 1200, imports: 100 };
/** A property's own time limit: beside the rest of the suite on two busy cores it may take several times as long as alone. */
const PROPERTY_TIMEOUT_MS = 180_000;

/** The operations the document must hold at least, so that an empty or broken document cannot pass. */
const AT_LEAST = { jsonCommands: 25, reads: 14, bodilessCommands: 3 };

const fixtures = join(__dirname, '..', 'fixtures');
/** In the order their streams depend on one another. */
const FIXTURES = ['article-2023-10-13.json', 'israel-supplemental-hr6126.json', 'ukraine-supplemental-hr7691.json', 'cares-act-hr748.json', 'dprk-russia-containers-2023-2024.json'];
/**
 * Fields that name a new figure or component: each request gets a new value, so that a body sent
 * again is decided anew rather than refused as existing (422).
 */
const FRESH: Readonly<Record<string, readonly string[]>> = { UpdateShipmentEstimate: ['estimateId'], ProposeComponent: ['componentId'], AddComponent: ['componentId'] };
let fresh = 0;
/** Valid values of the headers commands take: a few, so that a key or version recurs. */
const VALID_HEADERS: Readonly<Record<string, readonly string[]>> = {
  'idempotency-key': ['fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3'],
  'if-match': ['"1"', '"2"', 'W/"3"'],
  'x-recorded-by': ['an analyst'],
  'x-correlation-id': ['fuzz-correlation'],
};
const fact = { occurredAt: { from: '2023-11-15', precision: 'day' }, sources: [{ publisher: 'fuzz', sourceClass: 'media', url: 'https://example.org/a' }], confidence: 'confirmed' };

/** Streams of their own for the commands that close or empty one (so the others keep theirs open). */
const SETUP: readonly { path: string; body: Record<string, unknown> }[] = [
  { path: '/shipments', body: { id: 'fuzz-closable', ...dprkShipment } },
  { path: '/aid-requests', body: { id: 'fuzz-closable', ...ukraineAidRequest } },
  { path: '/packages', body: { id: 'fuzz-detachable', ...ukraineIsraelPackage } },
  { path: '/packages/fuzz-detachable/bill', body: { bill: { congress: 118, type: 'hr', number: 815 }, ...fact } },
  { path: '/packages', body: { id: 'fuzz-open', ...ukraineIsraelPackage } },
  { path: '/packages/fuzz-open/bill', body: { bill: { congress: 118, type: 'hr', number: 999 }, ...fact } },
];

/**
 * Valid requests for the operations the fixtures do not exercise, and for some they do, in a form
 * that may be sent again and again (so that odd but valid values reach the store): these come first.
 */
const MORE_EXAMPLES: readonly { path: string; body?: Record<string, unknown> }[] = [
  { path: '/packages/fuzz-open/legislative-actions', body: { bill: { congress: 118, type: 'hr', number: 999 }, chamber: 'house', action: 'referred', note: 'to committee', ...fact } },
  { path: '/shipments/kp-ru-2023-09/legs', body: { leg: { mode: 'road', from: { name: 'Dunay', country: 'RU' }, to: { name: 'Belgorod', country: 'RU' } }, ...fact } },
  { path: '/shipments/fuzz-closable/retraction', body: { reason: 'the source withdrew it', ...fact } },
  { path: '/aid-requests/fuzz-closable/withdrawal', body: { reason: 'withdrawn by the requester', ...fact } },
  { path: '/aid-requests/ua-24b/amendments', body: { lines: ukraineAidRequest.lines, total: ukraineAidRequest.total, reason: 'revised', ...fact } },
  { path: '/packages/israel-security-supplemental/components/irs-offset/removal', body: { reason: 'dropped in the Senate', ...fact } },
  { path: '/packages/fuzz-detachable/bill/detachment', body: { bill: { congress: 118, type: 'hr', number: 815 }, reason: 'joined into another bill', ...fact } },
  { path: '/admin/keys', body: { name: 'fuzz-key', role: 'reader' } },
  { path: '/admin/projections/negotiations-board/dead-letters/replay' },
  // A rebuild is a long job of its own (test/integration/rebuild.test.ts): here an unknown projection.
  { path: '/admin/projections/fuzz-unknown/rebuild' },
];

/** A request as sent: the body as text (or bytes), or none. */
interface Sent {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly retryAfter: string | null;
  readonly text: string;
  readonly json: unknown;
}

/** An operation with the request to start from: valid path parameters, and a valid body when it takes one. */
interface Example {
  readonly operation: Operation;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** Property names its schema declares at any depth: keys a mutation may add. */
  readonly keys: readonly string[];
}

const isCommandType = (name: string): name is CommandType => Object.hasOwn(commandCatalogue, name);
const short = (text: string, max = 400) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

let service: TestApp;
let operations: Operation[];
let examples: Map<Operation, Example>;
/** Path parameter values that name something stored, by parameter name, for the reads. */
let knownParams: Map<string, string[]>;

/** With FUZZ_STATS=1: how the requests of each test were answered (status and problem code), printed at the end. */
const answered = new Map<string, number>();
afterAll(() => {
  if (process.env.FUZZ_STATS) console.log([...answered].map(([what, count]) => `${count}\t${what}`).join('\n'));
});

async function send(request: Sent): Promise<Answer> {
  const controller = new AbortController();
  const response = await fetch(`${service.url}${request.path}`, { method: request.method, headers: request.headers, body: request.body, signal: controller.signal });
  const contentType = response.headers.get('content-type') ?? '';
  const retryAfter = response.headers.get('retry-after');
  if (contentType.startsWith('text/event-stream')) {
    // A stream that opened: its first frames are not the point here.
    controller.abort();
    return { status: response.status, contentType, retryAfter, text: '', json: undefined };
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const what = `${expect.getState().currentTestName ?? ''}: ${response.status} ${isPlainObject(json) && typeof json.code === 'string' ? json.code : ''}`;
  answered.set(what, (answered.get(what) ?? 0) + 1);
  return { status: response.status, contentType, retryAfter, text, json };
}

/**
 * Whether the path still names an API route once the client resolved its dot segments (`..`, and
 * `%2e%2e` too: the WHATWG URL parser reads it as `..`): `/` is the dashboard, not an operation.
 */
const reachesApi = (path: string) => new URL(path, service.url).pathname !== '/';

const auth = (role: keyof TestApp['keys'] | 'anonymous'): Record<string, string> => (role === 'anonymous' ? {} : { authorization: `Bearer ${service.keys[role]}` });
const roleFor = (operation: Operation) => (operation.template.startsWith('/admin') ? 'admin' : 'editor');

/**
 * What every answer must be: below 500 (but a 503 that says the read model has not yet applied a
 * position the log holds: the projector runs apart from this API-only app, and that answer is the
 * documented one, with Retry-After); a 4xx is problem+json with `status` equal to the HTTP status,
 * a 400 names each bad field and its rule.
 */
async function faultsOf(answer: Answer): Promise<string[]> {
  const faults: string[] = [];
  const problem = isPlainObject(answer.json) ? answer.json : undefined;
  if (answer.status >= 500) {
    const lagging = answer.status === 503 && problem?.code === 'projection-lagging' && answer.retryAfter !== null;
    if (!lagging || typeof problem?.minPosition !== 'number' || problem.minPosition > (await service.ledger.log.head())) faults.push(`answered ${answer.status}`);
  }
  if (answer.status >= 400) {
    if (!answer.contentType.startsWith('application/problem+json')) faults.push(`a ${answer.status} as ${answer.contentType || 'no content type'}, not application/problem+json`);
    if (problem?.status !== answer.status) faults.push(`a ${answer.status} whose problem says status ${String(problem?.status)}`);
    if (typeof problem?.code !== 'string' || typeof problem.title !== 'string' || typeof problem.detail !== 'string') faults.push('a problem without code, title and detail');
  }
  if (answer.status === 400) {
    const errors = problem?.errors;
    const named = Array.isArray(errors) && errors.length > 0 && errors.every((error) => isPlainObject(error) && typeof error.field === 'string' && error.field !== '' && typeof error.rule === 'string' && typeof error.message === 'string');
    if (!named) faults.push('a 400 whose errors[] does not name each field and rule');
  }
  return faults;
}

/** Sends the request and throws (failing the property) when the answer is unsound. */
async function expectSound(request: Sent): Promise<Answer> {
  const answer = await send(request);
  const faults = await faultsOf(answer);
  if (faults.length > 0) {
    const body = typeof request.body === 'string' ? short(request.body, 600) : request.body ? `${request.body.length} bytes` : '(none)';
    throw new Error(`${request.method} ${short(request.path, 300)} ${faults.join('; ')}\nrequest headers: ${short(JSON.stringify(request.headers))}\nrequest body: ${body}\nanswer: ${answer.status} ${short(answer.text, 800)}`);
  }
  return answer;
}

/** One mutation of the example's body, or two or three (see body-mutations). */
const mutatedBody = (example: Example) => mutationsOf(example.body, example.operation.body?.schema ?? {}, example.keys);

/** The example's body with new values in its FRESH fields, for the mutations to change. */
function freshBody(example: Example): unknown {
  const fields = FRESH[example.operation.operationId] ?? [];
  if (!isPlainObject(example.body) || fields.length === 0) return example.body;
  const body = { ...example.body };
  for (const field of fields) body[field] = `fuzz-${(fresh += 1)}`;
  return body;
}

/** The example's request with another body, sent with a key of the role it needs. */
function commandRequest(example: Example, body: unknown): Sent {
  const { operation } = example;
  return {
    method: operation.method,
    path: pathOf(operation, example.params),
    headers: { ...auth(roleFor(operation)), 'content-type': operation.body?.contentType ?? 'application/json' },
    body: jsonText(body),
  };
}

// ---- Setup --------------------------------------------------------------------------------

/** The valid request each operation starts from: a fixture's, one of MORE_EXAMPLES, else one made from its schema. */
function examplesOf(all: readonly Operation[], requests: readonly { path: string; body?: unknown }[]): Map<Operation, Example> {
  return new Map(
    all.map((operation) => {
      const found = requests.flatMap((request) => {
        const params = operation.method === 'GET' ? undefined : matchPath(operation, request.path);
        return params ? [{ params, body: request.body }] : [];
      })[0];
      const schema: JsonSchema = operation.body?.schema ?? {};
      const params = found?.params ?? Object.fromEntries(operation.pathParams.map((parameter) => [parameter.name, 'fuzz-unknown']));
      let body = found ? found.body : operation.body ? exampleOf(schema) : undefined;
      // A creating command without an id gets a new stream each time, not 409 "already".
      if (operation.pathParams.length === 0 && isPlainObject(body) && 'id' in body && !operation.template.startsWith('/admin')) {
        const { id: _id, ...rest } = body;
        body = rest;
      }
      return [operation, { operation, params, body, keys: [...propertyNamesOf(schema)] }];
    }),
  );
}

beforeAll(async () => {
  // Reads do not wait for the projector (it does not run here): a position not yet applied answers 503 at once.
  service = await startTestApp('e2e_fuzz', 'production', { apiOnly: true, env: { QUERY_WAIT_MAX_MS: '0' } });
  const document = await service.api.get('/docs/openapi.json');
  expect(document.status).toBe(200);
  operations = operationsOf(document.body);
  const stories = await Promise.all(FIXTURES.map((file) => loadFixture(join(fixtures, file))));
  for (const story of stories) {
    const seeded = await seedFixture(service.url, story, undefined, { key: service.keys.reporter });
    expect(seeded.steps.filter((step) => step.status !== 201)).toEqual([]);
  }
  for (const { path, body } of SETUP) expect((await service.api.post(path, body)).status).toBe(201);
  examples = examplesOf(operations, [...MORE_EXAMPLES, ...stories.flatMap((story) => story.commands)]);
  knownParams = new Map();
  for (const { params } of examples.values()) for (const [name, value] of Object.entries(params)) knownParams.set(name, [...new Set([...(knownParams.get(name) ?? []), value])]);
  const { body: page } = await service.api.get('/events?limit=1000');
  knownParams.set('streamId', [...new Set<string>(page.events.map((event: { streamId: string }) => event.streamId))]);
});
afterAll(async () => service?.close());

const isRead = (operation: Operation) => operation.method === 'GET';
const jsonCommands = () => operations.filter((operation) => !isRead(operation) && operation.body?.contentType === 'application/json');
const bodyless = () => operations.filter((operation) => !isRead(operation) && operation.body === undefined);
const withPathParams = () => operations.filter((operation) => operation.pathParams.length > 0);
const exampleOfOperation = (operation: Operation): Example => {
  const example = examples.get(operation);
  if (!example) throw new Error(`no example for ${operation.method} ${operation.template}`);
  return example;
};
/** Cases name their operation by its id, so that a counterexample prints short. */
const ids = (some: readonly Operation[]) => fc.constantFrom(...some.map((operation) => operation.operationId));
const exampleNamed = (operationId: string): Example => {
  const operation = operations.find((candidate) => candidate.operationId === operationId);
  if (!operation) throw new Error(`no operation ${operationId}`);
  return exampleOfOperation(operation);
};

describe('the OpenAPI document drives the fuzz', () => {
  it('holds every command, read and the bulk import', () => {
    expect(jsonCommands().length).toBeGreaterThanOrEqual(AT_LEAST.jsonCommands);
    expect(operations.filter(isRead).length).toBeGreaterThanOrEqual(AT_LEAST.reads);
    expect(bodyless().length).toBeGreaterThanOrEqual(AT_LEAST.bodilessCommands);
    expect(operations.filter((operation) => operation.body?.contentType === 'application/x-ndjson').map((operation) => operation.template)).toEqual(['/imports']);
    // Every command of the catalogue is an operation, and each starts from a body its schema takes.
    const commands = jsonCommands().filter((operation) => isCommandType(operation.operationId));
    expect(commands.map((operation) => operation.operationId).sort()).toEqual(Object.keys(commandCatalogue).sort());
    for (const operation of commands) {
      const { body, params } = exampleOfOperation(operation);
      const { id: _id, ...fields } = isPlainObject(body) ? body : {};
      const fromPath = Object.fromEntries(Object.entries(params).filter(([name]) => name !== 'id'));
      const decoded = isCommandType(operation.operationId) ? decodeCommand(operation.operationId, { ...fields, ...fromPath }) : undefined;
      expect({ operation: operation.operationId, valid: decoded?.success }).toEqual({ operation: operation.operationId, valid: true });
    }
  });

  it('starts from valid bodies: each example is accepted or refused by a rule, not by validation', async () => {
    for (const operation of jsonCommands()) {
      const example = exampleOfOperation(operation);
      if (example.operation.template.startsWith('/admin')) continue;
      const answer = await expectSound(commandRequest(example, freshBody(example)));
      expect({ operation: operation.operationId, status: answer.status === 400 ? answer.text : 'not 400' }).toEqual({ operation: operation.operationId, status: 'not 400' });
    }
  });
});

describe('no request answers 5xx', () => {
  it('command bodies: a valid body with one to three fields (at any depth) odd, gone, or joined by odd keys', async () => {
    const cases = ids(jsonCommands()).chain((operation) => fc.record({ operation: fc.constant(operation), mutations: mutatedBody(exampleNamed(operation)) }));
    await fc.assert(
      fc.asyncProperty(cases, async ({ operation, mutations }) => {
        const example = exampleNamed(operation);
        await expectSound(commandRequest(example, applyAll(freshBody(example), mutations)));
      }),
      runs(RUNS.bodies),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('command bodies: any JSON at all', async () => {
    const body = fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: 'binary' }), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })));
    await fc.assert(
      fc.asyncProperty(ids(jsonCommands()), body, async (operation, value) => {
        await expectSound(commandRequest(exampleNamed(operation), value));
      }),
      runs(RUNS.json),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('command headers, content types and bodies that are not JSON, with valid and near-valid bodies', async () => {
    const rawBody = fc.oneof(
      fc.constantFrom('', '{', '{"a":}', 'null', '[]', '"text"', '1', 'true', '\u0000', '{"a":1}{"b":2}', '\ufeff{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', 'a=1&b=2', '<xml/>'),
      fc.constantFrom(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`).map((text) => new RawJson(text, `${text.slice(0, 12)}… nested deep`)),
      fc.string({ unit: 'binary-ascii', maxLength: 50 }),
      fc.uint8Array({ maxLength: 50 }),
    );
    const names = [...new Set([...jsonCommands().flatMap((operation) => operation.headers.map((header) => header.name.toLowerCase())), 'authorization'])];
    // Each header a quarter of the time, valid or odd, so that most requests get past the others to the one odd thing.
    const valueOf = (name: string) => {
      const valid = VALID_HEADERS[name];
      return fc.oneof(...(valid ? [{ weight: 2, arbitrary: fc.constantFrom(...valid) }] : []), fc.constantFrom(...oddHeaderValues), latin1HeaderValue);
    };
    const headers = fc.record(Object.fromEntries(names.map((name) => [name, fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, valueOf(name))])));
    const cases = ids(jsonCommands()).chain((operation) =>
      fc.record({
        operation: fc.constant(operation),
        headers,
        contentType: fc.oneof(
          { weight: 3, arbitrary: fc.constant(null) },
          fc.constantFrom('text/plain', 'application/xml', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/x-ndjson', 'application/problem+json', 'APPLICATION/JSON', 'application/json;;', '*/*', 'application/octet-stream', ''),
        ),
        role: fc.oneof({ weight: 6, arbitrary: fc.constant<keyof TestApp['keys'] | 'anonymous'>('editor') }, fc.constantFrom<keyof TestApp['keys'] | 'anonymous'>('anonymous', 'reader', 'reporter', 'admin')),
        body: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: mutatedBody(exampleNamed(operation)) }, { weight: 1, arbitrary: rawBody }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ operation, headers: odd, contentType, role, body }) => {
        const example = exampleNamed(operation);
        const sent = commandRequest(example, Array.isArray(body) ? applyAll(freshBody(example), body) : freshBody(example));
        const given = Object.fromEntries(Object.entries(odd).filter((entry): entry is [string, string] => entry[1] !== undefined));
        await expectSound({
          ...sent,
          headers: { ...auth(role), 'content-type': contentType ?? 'application/json', ...given },
          body: body instanceof RawJson ? body.text : typeof body === 'string' || body instanceof Uint8Array ? body : sent.body,
        });
      }),
      runs(RUNS.headers),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('path parameters: too long, encoded NUL, dot segments, unicode, empty, malformed escapes', async () => {
    const cases = ids(withPathParams()).chain((operation) =>
      fc.record({ operation: fc.constant(operation), name: fc.constantFrom(...exampleNamed(operation).operation.pathParams.map((parameter) => parameter.name)), value: fc.constantFrom(...oddIds) }),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ operation: operationId, name, value }) => {
        const example = exampleNamed(operationId);
        const { operation } = example;
        const path = pathOf(operation, { ...example.params, [name]: value });
        fc.pre(reachesApi(path));
        await expectSound({
          method: operation.method,
          path,
          headers: { ...auth(roleFor(operation)), ...(example.body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(example.body === undefined ? {} : { body: jsonText(example.body) }),
        });
      }),
      runs(RUNS.paths),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('reads: odd values of each declared query parameter, unknown and repeated keys, odd headers', async () => {
    const cases = ids(operations.filter(isRead)).chain((operationId) => {
      const { operation } = exampleNamed(operationId);
      return fc.record({
        operation: fc.constant(operationId),
        query: fc.array(fc.oneof({ weight: 4, arbitrary: declaredParameter(operation) }, { weight: 1, arbitrary: unknownParameter }), { maxLength: 5 }),
        params: fc.record(Object.fromEntries(operation.pathParams.map((parameter) => [parameter.name, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(knownParams.get(parameter.name) ?? ['fuzz-unknown'])) }, fc.constantFrom(...oddIds))]))),
        headers: fc.oneof(
          { weight: 4, arbitrary: fc.dictionary(fc.constantFrom('last-event-id', ...operation.headers.map((header) => header.name.toLowerCase())), fc.oneof(fc.constantFrom(...oddHeaderValues), latin1HeaderValue), { maxKeys: 1 }) },
          fc.record({ authorization: fc.oneof(fc.constantFrom(...oddHeaderValues), latin1HeaderValue) }),
        ),
      });
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ operation: operationId, query, params, headers }) => {
        const { operation } = exampleNamed(operationId);
        const path = pathOf(operation, params);
        fc.pre(reachesApi(path));
        const search = query.map(([key, value]) => `${key}=${value}`).join('&');
        await expectSound({ method: 'GET', path: `${path}${search ? `?${search}` : ''}`, headers: { ...auth(roleFor(operation)), ...headers } });
      }),
      runs(RUNS.reads),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('bulk imports: NDJSON of near-valid commands, odd paths and If-Match, lines that are not commands', async () => {
    const line = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(...jsonCommands().filter((operation) => !operation.template.startsWith('/admin'))).chain((operation) => {
          const example = exampleOfOperation(operation);
          return fc.record({
            path: fc.oneof({ weight: 3, arbitrary: fc.constant(pathOf(operation, example.params)) }, fc.constantFrom(...oddIds).map((id) => pathOf(operation, Object.fromEntries(operation.pathParams.map((parameter) => [parameter.name, id]))))),
            mutations: fc.oneof(fc.constant([]), mutatedBody(example)),
            ifMatch: fc.option(fc.oneof(fc.constantFrom<unknown>(0, 1, -1, 1e20, 2 ** 31, '1', '"1"', 'W/"1"', '', 'x'.repeat(21)), oddValue)),
          }).map(({ path, mutations, ifMatch }) => jsonText({ path, body: applyAll(example.body, mutations), ...(ifMatch === null ? {} : { ifMatch }) }));
        }),
      },
      { weight: 1, arbitrary: fc.jsonValue().map(jsonText) },
      { weight: 1, arbitrary: fc.constantFrom('{', 'not json', '{"path":"/nope","body":{}}', '{"path":"shipments","body":{}}', '{"path":"/shipments"}', '{"body":{}}', '{"path":"/imports","body":{}}', `{"path":"/${'x'.repeat(400)}","body":{}}`) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), fc.constantFrom('application/x-ndjson', 'application/json', 'text/plain'), async (lines, contentType) => {
        const answer = await expectSound({ method: 'POST', path: '/imports', headers: { ...auth('editor'), 'content-type': contentType }, body: lines.join('\n') });
        if (answer.status !== 200) return;
        const answers: unknown[] = answer.text.split('\n').filter((text) => text.trim() !== '').map((text) => JSON.parse(text));
        const unsound = answers.filter((each) => !isPlainObject(each) || (typeof each.status === 'number' ? each.status >= 500 : !isPlainObject(each.summary) || each.error !== undefined));
        if (unsound.length > 0) throw new Error(`POST /imports answered lines ${short(JSON.stringify(unsound), 800)}\nfor ${short(lines.join('\n'), 800)}`);
      }),
      runs(RUNS.imports),
    );
  }, PROPERTY_TIMEOUT_MS);
});

/** A declared query parameter with a valid value (encoded), an odd one for its type, or any odd one (raw). */
function declaredParameter(operation: Operation): fc.Arbitrary<[string, string]> {
  if (operation.query.length === 0) return unknownParameter;
  return fc.constantFrom(...operation.query).chain((parameter) => {
    const schema = parameter.schema ?? {};
    return fc.tuple(
      fc.constant(parameter.name),
      fc.oneof(
        { weight: 2, arbitrary: validQueryValue(parameter.name, schema).map(encodeURIComponent) },
        { weight: 2, arbitrary: oddQueryValueFor(schema) },
        { weight: 1, arbitrary: fc.constantFrom(...oddQueryValues) },
      ),
    );
  });
}

/** Odd values for the parameter's type: dates off the calendar or out of range, numbers past their bounds. */
function oddQueryValueFor(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date') return fc.constantFrom(...oddDates.map(encodeURIComponent));
  if (schema.format === 'date-time') return fc.constantFrom(...oddDateTimes.map(encodeURIComponent));
  if (schema.type === 'integer' || schema.type === 'number') {
    return fc.oneof(fc.constantFrom('-1', '-0', '0', '1.5', '1e3', '1e308', '9007199254740991', '9007199254740992', '99999999999999999999', '0x10', ' 1', 'NaN'), fc.integer().map(String), fc.double().map(String));
  }
  return fc.constantFrom(...oddQueryValues);
}

const unknownParameter = fc.tuple(fc.constantFrom('foo', '__proto__', 'constructor', 'minPosition[]', 'a[b]', '', '%00', 'limit%00', encodeURIComponent('é')), fc.constantFrom(...oddQueryValues));

/** A value the parameter's schema takes, as far as the schema says (and the catalogue, for event and stream types). */
function validQueryValue(name: string, schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...schema.enum.map(String));
  if (name === 'type' && schema.anyOf) return fc.subarray(Object.keys(eventCatalogue), { minLength: 1, maxLength: 3 }).map((types) => types.join(','));
  if (name === 'streamType') return fc.subarray([...streamTypes], { minLength: 1 }).map((types) => types.join(','));
  if (name === 'streamId') return fc.constantFrom(...(knownParams.get('streamId') ?? ['shipment-kp-ru-2023-09']));
  if (schema.type === 'integer') return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1000, 1000) }).map(String);
  if (schema.format === 'date') return fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
  if (schema.format === 'date-time' || /date-time|ISO 8601/.test(schema.description ?? '')) {
    return fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());
  }
  if (/ISO 3166/.test(schema.description ?? '')) return fc.constantFrom('UA', 'IL', 'KP', 'RU', 'TW', 'US');
  return fc.string({ minLength: 1, maxLength: 20 });
}

describe('the minimal cases the fuzz found: each answers a 4xx problem naming the field and the rule', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    expectSound({ method: 'POST', path, headers: { ...auth('editor'), 'content-type': 'application/json', ...headers }, body });
  const errorsOf = (answer: Answer) => (isPlainObject(answer.json) ? answer.json.errors : undefined);
  const aPackage = { title: 'a package', sponsor: 'a sponsor', ...fact };

  it.each(['\u0000https://example.org/a', 'https://example.org/\ud800'])('a source url %j the URL parser reads (it escapes the NUL or the surrogate): 400, was 500 (the store refused it)', async (url) => {
    const answer = await post('/packages', jsonText({ ...aPackage, sources: [{ publisher: 'p', sourceClass: 'media', url }] }));
    expect([answer.status, errorsOf(answer)]).toEqual([400, [{ field: 'sources.0.url', rule: 'custom', message: 'must not contain NUL characters or lone UTF-16 surrogates' }]]);
  });

  it.each([
    ['/negotiations?asOf=', 'asOf'],
    ['/corridors?asOf=', 'asOf'],
    ['/streams/shipment-kp-ru-2023-09/events?asOf=', 'asOf'],
    ['/negotiations/changes?from=', 'from'],
  ])('%s a date-time in the year 0000: 400 naming %s, was 500 (PostgreSQL has no year 0)', async (path, field) => {
    const answer = await expectSound({ method: 'GET', path: `${path}0000-01-01T00%3A00%3A00Z`, headers: {} });
    expect([answer.status, errorsOf(answer)]).toEqual([400, [{ field, rule: 'custom', message: 'must fall between 1800 and 2200' }]]);
  });

  it('a body nested 100,000 arrays deep, with an Idempotency-Key: 400, was 500 (fingerprinting it overflowed the stack)', async () => {
    const answer = await post('/shipments', `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, { 'idempotency-key': 'fuzz-deep' });
    expect([answer.status, errorsOf(answer)]).toEqual([400, [{ field: '(root)', rule: 'too_deep', message: 'must nest arrays and objects at most 32 deep' }]]);
  });

  it('minPosition past the head of the log: 400 at once, was 503 "retry" (after waiting) for a position no write will reach', async () => {
    const head = await service.ledger.log.head();
    const answer = await expectSound({ method: 'GET', path: `/shipments/kp-ru-2023-09?minPosition=${head + 1}`, headers: {} });
    expect([answer.status, errorsOf(answer)]).toEqual([400, [{ field: 'minPosition', rule: 'too_big', message: `must be a position the ledger has written: at most ${head}` }]]);
  });

  it('an import line whose path holds a malformed escape: that line 400, the next decided, was an import interrupted with 503', async () => {
    const example = exampleNamed('ProposePackage');
    const answer = await expectSound({
      method: 'POST',
      path: '/imports',
      headers: { ...auth('editor'), 'content-type': 'application/x-ndjson' },
      body: `{"path":"/shipments/%/legs","body":null}\n${jsonText({ path: '/packages', body: example.body })}`,
    });
    const lines = answer.text.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({ line: 1, status: 400, errors: [expect.objectContaining({ field: 'path', rule: 'invalid_url' })] }),
      expect.objectContaining({ line: 2, status: 201 }),
      { summary: expect.objectContaining({ lines: 2, created: 1, failed: 1 }) },
    ]);
  });

  it('a path whose escapes are not UTF-8, or a parameter past 100 characters: problem+json, was Fastify\'s plain JSON', async () => {
    const bad = await expectSound({ method: 'GET', path: '/streams/%FF/events', headers: {} });
    expect([bad.status, errorsOf(bad)]).toEqual([400, [expect.objectContaining({ field: '(path)', rule: 'invalid_url' })]]);
    // 414 from the router; 404 where the dashboard is built, its wildcard route taking what no API route does.
    const long = await expectSound({ method: 'GET', path: `/shipments/${'x'.repeat(101)}`, headers: {} });
    expect([404, 414]).toContain(long.status);
  });

  it('headers past what Node reads: 431 problem+json, was plain JSON', async () => {
    const answer = await expectSound({ method: 'GET', path: '/health', headers: { 'x-recorded-by': 'a'.repeat(20_000) } });
    expect([answer.status, isPlainObject(answer.json) && answer.json.code]).toEqual([431, 'headers-too-large']);
  });

  it('a "__proto__" key, an empty body: 400 naming the rule, was a 400 without errors[]', async () => {
    const proto = await post('/packages', `{"title":"t","__proto__":"ok"}`);
    expect([proto.status, errorsOf(proto)]).toEqual([400, [{ field: '(root)', rule: 'invalid_json', message: 'must be JSON, without a "__proto__" or "constructor.prototype" key' }]]);
    const empty = await post('/packages', '');
    expect([empty.status, errorsOf(empty)]).toEqual([400, [expect.objectContaining({ field: '(root)', rule: 'required' })]]);
  });

  it('an empty key, in a body or a query: 400 naming it "", was an empty field name', async () => {
    const body = await post('/packages', jsonText({ ...aPackage, '': [] }));
    expect([body.status, errorsOf(body)]).toEqual([400, [{ field: '""', rule: 'unrecognized_key', message: 'is not a field of this request' }]]);
    const query = await expectSound({ method: 'GET', path: '/projections?=', headers: {} });
    expect([query.status, errorsOf(query)]).toEqual([400, [{ field: '""', rule: 'unrecognized_key', message: 'is not a field of this request' }]]);
  });
});

describe('after the fuzz', () => {
  it('the log reads back: every stored event decodes, none holds a NUL', async () => {
    let after = 0;
    let count = 0;
    for (;;) {
      const answer = await expectSound({ method: 'GET', path: `/events?after=${after}&limit=1000`, headers: {} });
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain('\\u0000');
      if (!isPlainObject(answer.json) || !Array.isArray(answer.json.events)) throw new Error(`GET /events answered ${short(answer.text)}`);
      for (const event of answer.json.events) {
        expect(() => decodeEvent(event)).not.toThrow();
        count += 1;
      }
      if (typeof answer.json.next !== 'number') break;
      after = answer.json.next;
    }
    expect(count).toBe(await service.ledger.log.head());
    expect(count).toBeGreaterThan(100);
  });
});
