import type { Ledger } from '@policy-ledger/runtime';
import { dprkShipment, ukraineAidRequest } from '@policy-ledger/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Mode } from '../support/test-ledger';

const modes: Mode[] = ['production', 'embedded'];
const fact = { occurredAt: { from: '2023-11-02', precision: 'day' }, sources: [{ publisher: 'test', sourceClass: 'media' }], confidence: 'confirmed' };
const leg = (n: number) => ({ leg: { mode: 'rail', from: { name: `stop ${n}`, country: 'RU' }, to: { name: `stop ${n + 1}`, country: 'RU' } }, ...fact });

describe.each(modes)('bulk import over HTTP in the %s mode', (mode) => {
  let service: TestApp;
  let ledger: Ledger;
  beforeAll(async () => {
    service = await startTestApp(`e2e_imports_${mode}`, mode);
    ({ ledger } = service);
  });
  afterAll(async () => service?.close());

  const post = async (lines: unknown[], contentType = 'application/x-ndjson') => {
    const response = await fetch(`${service.url}/imports`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-recorded-by': 'importer', authorization: `Bearer ${service.keys.editor}` },
      body: lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), answers: text.trim().split('\n').map((line) => JSON.parse(line)) };
  };
  const eventCount = async () => Number((await ledger.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]?.n);

  it('decides each line like its own endpoint, in order (a line sees the lines before it), and answers line by line', async () => {
    const before = await eventCount();
    const { status, type, answers } = await post([
      { path: '/shipments', body: { id: 'imp-1', ...dprkShipment } },
      { path: '/shipments/imp-1/legs', body: leg(1) },
      { path: '/shipments/imp-1/legs', body: leg(2), ifMatch: 2 },
      { path: '/aid-requests', body: { id: 'imp-ua', ...ukraineAidRequest } },
      { path: '/aid-requests/imp-ua/positions', body: { actor: { country: 'UA' }, stance: 'supports', ...fact } },
    ]);
    expect(status).toBe(200);
    expect(type).toContain('application/x-ndjson');
    expect(answers.slice(0, 5)).toEqual([
      { line: 1, status: 201, id: 'imp-1', streamId: 'shipment-imp-1', version: 1, position: expect.any(Number), location: '/shipments/imp-1' },
      expect.objectContaining({ line: 2, status: 201, version: 2 }),
      expect.objectContaining({ line: 3, status: 201, version: 3 }),
      expect.objectContaining({ line: 4, status: 201, streamId: 'aid-request-imp-ua', location: '/aid-requests/imp-ua' }),
      expect.objectContaining({ line: 5, status: 201, version: 2 }),
    ]);
    const positions = answers.slice(0, 5).map((a) => a.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(answers[5]).toEqual({ summary: { lines: 5, created: 5, failed: 0, lastPosition: positions[4] } });
    expect(await eventCount()).toBe(before + 5);
    const { events } = await ledger.store.readStream('shipment-imp-1');
    expect(events.map((e) => [e.type, e.metadata.recordedBy, e.metadata.onBehalfOf])).toEqual([
      ['ShipmentReported', 'test-editor', 'importer'],
      ['ShipmentLegReported', 'test-editor', 'importer'],
      ['ShipmentLegReported', 'test-editor', 'importer'],
    ]);
    const read = await service.api.get(`/shipments/imp-1?minPosition=${positions[2]}`);
    expect(read.body.shipment.legs).toHaveLength(4);
  });

  it('answers a bad line with the problem its endpoint would give, stores nothing of it, and goes on', async () => {
    const before = await eventCount();
    const { answers } = await post([
      'not json',
      { path: '/nowhere', body: {} },
      { path: '/shipments', body: { ...dprkShipment, supplier: 'North Korea' } },
      { path: '/shipments/imp-1/legs', body: leg(3), ifMatch: 1 },
      { path: '/shipments', body: { id: 'imp-1', ...dprkShipment } },
      { path: '/packages/no-such-package/bundle', body: { aidRequestIds: ['imp-ua'], ...fact } },
      { path: '/shipments/imp-1/retraction', body: { reason: 'a test', ...fact } },
      { path: '/shipments/imp-1/legs', body: leg(4) },
    ]);
    expect(answers.slice(0, 8).map((a) => [a.line, a.status, a.code])).toEqual([
      [1, 400, 'invalid-request'],
      [2, 400, 'invalid-request'],
      [3, 400, 'invalid-request'],
      [4, 409, 'stream.version-conflict'],
      [5, 409, 'shipment.already-reported'],
      [6, 404, 'package.not-found'],
      [7, 201, undefined],
      [8, 422, 'shipment.retracted'],
    ]);
    expect(answers[1]?.errors).toEqual([expect.objectContaining({ field: 'path', rule: 'unknown_endpoint' })]);
    expect(answers[2].errors).toEqual([expect.objectContaining({ field: 'body.supplier' })]);
    expect(answers[8]).toEqual({ summary: { lines: 8, created: 1, failed: 7, lastPosition: answers[6].position } });
    expect(await eventCount()).toBe(before + 1);
  });

  it('answers an import of several chunks line by line, in order, each line seeing the chunks before it', async () => {
    const lines: { path: string; body: unknown }[] = Array.from({ length: 2500 }, (_, i) => ({ path: '/shipments', body: { id: `imp-many-${i}`, ...dprkShipment } }));
    // In the second chunk, a leg of a shipment the first one reported; in the third, a report again.
    lines[1499] = { path: '/shipments/imp-many-9/legs', body: leg(1) };
    lines[2199] = { path: '/shipments', body: { id: 'imp-many-1100', ...dprkShipment } };
    const { answers } = await post(lines);
    expect(answers.slice(0, -1).map((a) => a.line)).toEqual(lines.map((_, i) => i + 1));
    expect(answers[1499]).toMatchObject({ status: 201, streamId: 'shipment-imp-many-9', version: 2 });
    expect(answers[2199]).toMatchObject({ status: 409, code: 'shipment.already-reported' });
    const positions = answers.slice(0, -1).flatMap((a) => (a.status === 201 ? [a.position] : []));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(answers.at(-1)).toEqual({ summary: { lines: 2500, created: 2499, failed: 1, lastPosition: positions.at(-1) } });
  });

  it('skips blank lines (any white space) but counts them in line numbers, and reads CRLF line ends', async () => {
    const before = await eventCount();
    const { answers } = await post(['', '  \t\r', '\u00a0', `${JSON.stringify({ path: '/shipments', body: { id: 'imp-crlf', ...dprkShipment } })}\r`, 'not json\r', '']);
    expect(answers.map((a) => [a.line, a.status])).toEqual([
      [4, 201],
      [5, 400],
      [undefined, undefined],
    ]);
    expect(answers[2]).toEqual({ summary: { lines: 2, created: 1, failed: 1, lastPosition: answers[0].position } });
    expect(await eventCount()).toBe(before + 1);
  });

  it('refuses a body that is not NDJSON with 400', async () => {
    const response = await fetch(`${service.url}/imports`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${service.keys.reporter}` }, body: '{"path":"/shipments"}' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([expect.objectContaining({ rule: 'content_type' })]);
  });
});
