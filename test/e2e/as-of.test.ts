import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Ledger } from '@policy-ledger/runtime';
import { join } from 'node:path';
import { loadFixture, seedFixture } from '../../scripts/seed-fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Mode } from '../support/test-ledger';

const modes: Mode[] = ['production', 'embedded'];
const fact = { occurredAt: { from: '2023-11-02', precision: 'day' }, sources: [{ publisher: 'test', sourceClass: 'media' }], confidence: 'confirmed' };

describe.each(modes)('as-of queries in the %s mode', (mode) => {
  let service: TestApp;
  let ledger: Ledger;
  let app: NestFastifyApplication;
  let api: TestApp['api'];

  beforeAll(async () => {
    service = await startTestApp(`e2e_as_of_${mode}`, mode);
    ({ ledger, app, api } = service);
  });
  afterAll(async () => service?.close());

  it('answers as the ledger knew it then: equal to the live read models built from that prefix of the log', async () => {
    const seeded = await seedFixture(await app.getUrl(), await loadFixture(join(__dirname, '..', 'fixtures', 'article-2023-10-13.json')), undefined, { key: service.keys.reporter });
    const prefix = seeded.lastPosition;
    // The live read models on the prefix, and the recorded time of its last event.
    const board = (await api.get(`/negotiations?minPosition=${prefix}`)).body;
    const corridors = (await api.get(`/corridors?minPosition=${prefix}`)).body;
    const history = (await api.get('/streams/package-ua-il-supplemental/events')).body;
    const [last] = (await ledger.store.readAll(prefix - 1, 1)).map((e) => e.recordedAt);

    // The story moves on.
    const bill = { congress: 118, type: 'hr', number: 815 };
    const moves = [
      api.post('/aid-requests/ua-24b/positions', { actor: { name: 'Mike Johnson', country: 'US' }, stance: 'sets_conditions', conditions: ['border first'], ...fact }),
      api.post('/packages/ua-il-supplemental/bill', { bill, ...fact }),
      api.post('/shipments/kp-ru-2023-09/estimates', { category: 'military_equipment_and_munitions', quantity: { value: 2000, unit: 'containers', qualifier: 'at_least', countingSince: '2023-09-07' }, ...fact }),
    ];
    const moved = await Promise.all(moves);
    expect(moved.map((r) => r.status)).toEqual([201, 201, 201]);
    const now = Math.max(...moved.map((r) => r.body.position));
    expect((await api.get(`/negotiations?minPosition=${now}`)).body.packages).not.toEqual(board.packages);

    const then = await api.get(`/negotiations?asOf=${encodeURIComponent(last as string)}`);
    expect(then.status).toBe(200);
    expect(then.body).toMatchObject({ asOf: last, position: prefix });
    expect(then.body.packages).toEqual(board.packages);
    expect(then.body.unbundledAidRequests).toEqual(board.unbundledAidRequests);
    expect((await api.get(`/corridors?asOf=${encodeURIComponent(last as string)}`)).body.corridors).toEqual(corridors.corridors);
    expect((await api.get(`/streams/package-ua-il-supplemental/events?asOf=${encodeURIComponent(last as string)}`)).body.events).toEqual(history.events);
    expect((await api.get('/streams/package-ua-il-supplemental/events')).body.events).toHaveLength(history.events.length + 1);

    // Before the first event, the ledger knew nothing.
    expect((await api.get('/negotiations?asOf=2000-01-01T00:00:00Z')).body).toMatchObject({ position: 0, packages: [], unbundledAidRequests: [] });
    expect((await api.get('/negotiations?asOf=yesterday')).body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
  });

  it('answers as the world stood before a date on the timeline and the corridors', async () => {
    const timeline = await api.get('/timeline?occurredBefore=2023-10-13');
    expect(timeline.body.entries.map((e: { id: string }) => e.id)).toContain('kp-nuclear-warning-2023-10-12');
    expect(timeline.body.entries.map((e: { id: string }) => e.id)).not.toContain('kirby-condemns-dprk-2023-10-13');
    expect((await api.get('/corridors?occurredBefore=2023-09-01')).body.corridors).toEqual([]);
    const before = await api.get('/corridors?occurredBefore=2023-10-14');
    expect(before.body.corridors[0].totals).toEqual([expect.objectContaining({ value: 1000 })]);
    const after = await api.get('/corridors?occurredBefore=2023-12-01');
    // The later figure comes from another source ("test"): it stands beside the White House's, labelled, instead of replacing it.
    expect(after.body.corridors[0].totals).toEqual([
      expect.objectContaining({ label: 'latest of test', value: 2000 }),
      expect.objectContaining({ label: 'latest of The White House', value: 1000 }),
    ]);
  });
});
