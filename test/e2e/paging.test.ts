import { dprkShipment, israelAidRequest } from '@policy-ledger/testing';
import { join } from 'node:path';
import { loadFixture, seedFixture } from '../../scripts/seed-fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Mode } from '../support/test-ledger';

const FIXTURES = ['article-2023-10-13.json', 'ukraine-supplemental-hr7691.json', 'israel-supplemental-hr6126.json', 'dprk-russia-containers-2023-2024.json'];
/** More shipments in one corridor than a corridor lists. */
const IRAN_SHIPMENTS = 130;

const modes: Mode[] = ['production', 'embedded'];

describe.each(modes)('paged reads in the %s mode', (mode) => {
  let service: TestApp;
  let position = 0;

  beforeAll(async () => {
    service = await startTestApp(`e2e_paging_${mode}`, mode);
    for (const name of FIXTURES) {
      const seeded = await seedFixture(service.url, await loadFixture(join(__dirname, '..', 'fixtures', name)), undefined, { key: service.keys.reporter });
      expect(seeded.ok).toBe(true);
      position = Math.max(position, seeded.lastPosition);
    }
    // Requests no package names (yet).
    for (const id of ['paging-b', 'paging-a']) expect((await service.api.post('/aid-requests', { id, ...israelAidRequest })).status).toBe(201);
    // One corridor with more shipments than a corridor lists: Iran to Russia, 1,000 containers each.
    const lines = Array.from({ length: IRAN_SHIPMENTS }, (_, i) => ({
      path: '/shipments',
      body: { ...dprkShipment, id: `ir-ru-${String(i).padStart(3, '0')}`, supplier: 'IR', legs: [], finalDestination: undefined },
    }));
    const response = await fetch(`${service.url}/imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${service.keys.reporter}` },
      body: lines.map((line) => JSON.stringify(line)).join('\n'),
    });
    const summary = JSON.parse((await response.text()).trim().split('\n').at(-1) as string).summary;
    expect(summary).toMatchObject({ created: IRAN_SHIPMENTS, failed: 0 });
    position = summary.lastPosition;
  }, 120_000);
  afterAll(async () => service?.close());

  /** Every page of a list, following `next` from the first, and how many pages it took. */
  async function walk(path: string, limit: number): Promise<{ pages: Record<string, unknown>[]; count: number }> {
    const pages: Record<string, unknown>[] = [];
    for (let cursor: string | undefined; ; ) {
      const separator = path.includes('?') ? '&' : '?';
      const { status, body } = await service.api.get(`${path}${separator}limit=${limit}${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      expect(status).toBe(200);
      pages.push(body);
      if (body.next === null) return { pages, count: pages.length };
      expect(typeof body.next).toBe('string');
      cursor = String(body.next);
      if (pages.length > 1000) throw new Error('no end to the pages');
    }
  }
  const ids = (items: unknown) => (items as { id: string }[]).map((item) => item.id);

  it('pages the negotiations board, packages then requests in no package, and the pages add up to the whole board, live and as of a time', async () => {
    const whole = await service.api.get(`/negotiations?limit=200&minPosition=${position}`);
    expect(whole.body.next).toBeNull();
    const packages = ids(whole.body.packages);
    const unbundled = ids(whole.body.unbundledAidRequests);
    expect(packages.length).toBeGreaterThan(1);
    expect(unbundled.length).toBeGreaterThan(0);

    const { pages, count } = await walk('/negotiations', 1);
    expect(count).toBe(packages.length + unbundled.length);
    expect(pages.flatMap((page) => ids(page.packages))).toEqual(packages);
    expect(pages.flatMap((page) => ids(page.unbundledAidRequests))).toEqual(unbundled);
    expect(pages[0]?.next).toBe(`package/${packages[0]}`);
    // Each page is the whole board's view of its item, not a view built from the page alone.
    expect(pages.flatMap((page) => page.packages as unknown[])).toEqual(whole.body.packages);
    expect(pages.flatMap((page) => page.unbundledAidRequests as unknown[])).toEqual(whole.body.unbundledAidRequests);

    const asOf = new Date().toISOString();
    const then = await service.api.get(`/negotiations?limit=200&asOf=${asOf}`);
    const asOfPages = await walk(`/negotiations?asOf=${asOf}`, 2);
    expect(asOfPages.pages.flatMap((page) => page.packages as unknown[])).toEqual(then.body.packages);
    expect(asOfPages.pages.flatMap((page) => page.unbundledAidRequests as unknown[])).toEqual(then.body.unbundledAidRequests);
    expect(ids(then.body.packages)).toEqual(packages);

    const enacted = await walk('/negotiations?status=enacted', 1);
    const enactedWhole = await service.api.get('/negotiations?status=enacted&limit=200');
    expect(enacted.pages.flatMap((page) => ids(page.packages))).toEqual(ids(enactedWhole.body.packages));
    expect(ids(enactedWhole.body.packages).length).toBeGreaterThan(0);
  });

  it('pages the corridors, and a corridor of many shipments lists the latest 100 of each kind with the counts of all, its totals over all', async () => {
    const whole = await service.api.get(`/corridors?limit=200&minPosition=${position}`);
    const keys = (whole.body.corridors as { supplier: string; recipient: string }[]).map((c) => `${c.supplier}/${c.recipient}`);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toContain('IR/RU');
    const { pages } = await walk('/corridors', 1);
    expect(pages.flatMap((page) => page.corridors as unknown[])).toEqual(whole.body.corridors);

    const { body } = await service.api.get('/corridors?supplier=IR&recipient=RU');
    const [iran] = body.corridors;
    expect(iran.counts).toEqual({ shipments: IRAN_SHIPMENTS, retractedShipments: 0, estimates: IRAN_SHIPMENTS, disputes: 0, routes: 0 });
    expect(iran.truncated).toBe(true);
    expect(iran.shipmentIds).toHaveLength(100);
    // The latest recorded: the last 100 imported, by id.
    expect(iran.shipmentIds[0]).toBe(`ir-ru-${String(IRAN_SHIPMENTS - 100).padStart(3, '0')}`);
    expect(iran.estimates).toHaveLength(100);
    expect(iran.totals).toEqual([expect.objectContaining({ unit: 'containers', value: 1000 * IRAN_SHIPMENTS, qualifier: 'at_least' })]);
    expect(iran.totals[0].shipmentIds).toHaveLength(100);

    // Every shipment of the corridor, a page at a time.
    const shipments = await walk('/shipments?supplier=IR&recipient=RU', 50);
    expect(shipments.count).toBe(3);
    expect(shipments.pages.flatMap((page) => ids(page.shipments))).toEqual(Array.from({ length: IRAN_SHIPMENTS }, (_, i) => `ir-ru-${String(i).padStart(3, '0')}`));
  });

  it("pages a stream's history by version, live and as of a time", async () => {
    const streamId = 'shipment-ir-ru-000';
    const fact = { occurredAt: { from: '2023-11-02', precision: 'day' }, sources: [{ publisher: 'test', sourceClass: 'media' }], confidence: 'confirmed' };
    for (let n = 0; n < 4; n++) {
      const leg = { mode: 'rail', from: { name: `stop ${n}`, country: 'RU' }, to: { name: `stop ${n + 1}`, country: 'RU' } };
      expect((await service.api.post('/shipments/ir-ru-000/legs', { leg, ...fact })).status).toBe(201);
    }
    const first = await service.api.get(`/streams/${streamId}/events?limit=2`);
    expect(first.body).toMatchObject({ streamId, version: 5, next: 2 });
    expect(first.body.events.map((e: { version: number }) => e.version)).toEqual([1, 2]);
    const second = await service.api.get(`/streams/${streamId}/events?limit=2&cursor=2`);
    expect(second.body.events.map((e: { version: number }) => e.version)).toEqual([3, 4]);
    const last = await service.api.get(`/streams/${streamId}/events?limit=2&cursor=4`);
    expect(last.body).toMatchObject({ version: 5, next: null });
    expect(last.body.events.map((e: { version: number }) => e.version)).toEqual([5]);

    const asOf = first.body.events[1].recordedAt;
    const then = await service.api.get(`/streams/${streamId}/events?limit=1&asOf=${asOf}`);
    expect(then.body).toMatchObject({ version: 2, next: 1 });
    const thenRest = await service.api.get(`/streams/${streamId}/events?limit=1&asOf=${asOf}&cursor=1`);
    expect(thenRest.body).toMatchObject({ version: 2, next: null });
    expect(thenRest.body.events.map((e: { version: number }) => e.version)).toEqual([2]);
  });

  it('answers a bad limit or cursor with a 400 naming it', async () => {
    const cases: [string, string][] = [
      ['/negotiations?limit=0', 'limit'],
      ['/negotiations?limit=201', 'limit'],
      ['/negotiations?cursor=banana', 'cursor'],
      ['/corridors?cursor=KP-RU', 'cursor'],
      ['/shipments?cursor=%20', 'cursor'],
      ['/streams/shipment-ir-ru-000/events?cursor=-1', 'cursor'],
      ['/streams/shipment-ir-ru-000/events?limit=1001', 'limit'],
    ];
    for (const [path, field] of cases) {
      const { status, body } = await service.api.get(path);
      expect({ path, status, fields: body.errors?.map((e: { field: string }) => e.field) }).toEqual({ path, status: 400, fields: [field] });
    }
  });
});
