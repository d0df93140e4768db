import type { Ledger } from '@policy-ledger/runtime';
import { join } from 'node:path';
import { loadFixture, seedFixture } from '../../scripts/seed-fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Mode } from '../support/test-ledger';

const fixtures = join(__dirname, '..', 'fixtures');
const modes: Mode[] = ['production', 'embedded'];
const fact = { occurredAt: { from: '2023-11-15', precision: 'day' }, sources: [{ publisher: 'test', sourceClass: 'media' }], confidence: 'confirmed' };

describe.each(modes)('the story from the fixtures, through the public API, in the %s mode', (mode) => {
  let service: TestApp;
  let ledger: Ledger;
  let api: TestApp['api'];
  let last = 0;

  beforeAll(async () => {
    service = await startTestApp(`e2e_story_${mode}`, mode);
    ({ ledger, api } = service);
    for (const file of ['article-2023-10-13.json', 'israel-supplemental-hr6126.json']) {
      const result = await seedFixture(service.url, await loadFixture(join(fixtures, file)), undefined, { key: service.keys.reporter });
      expect(result.steps.filter((s) => s.status !== 201)).toEqual([]);
      last = result.lastPosition;
    }
  });
  afterAll(async () => service?.close());

  it('the board says what the article implies', async () => {
    const board = await api.get(`/negotiations?minPosition=${last}`);
    expect(board.status).toBe(200);
    const pkg = board.body.packages.find((p: { id: string }) => p.id === 'ua-il-supplemental');
    // the $24B request, contested by House conservatives
    expect(pkg.aidRequests).toEqual([
      expect.objectContaining({ id: 'ua-24b', contested: true, total: { amount: '24000000000', currency: 'USD' } }),
    ]);
    expect(pkg.positions).toEqual([expect.objectContaining({ stance: 'opposes', actor: { name: 'conservative House Republicans', country: 'US' } })]);
    // bundling with Israel aid proposed; Taiwan and border floated but not in
    expect(pkg.proposedAdditions.map((c: { componentId: string; recipient: string }) => [c.componentId, c.recipient])).toEqual([
      ['israel-aid', 'IL'],
      ['taiwan-aid', 'TW'],
      ['border-funding', 'US'],
    ]);
    expect(pkg.components).toEqual([]);
    expect(pkg.amountsByRecipient).toEqual([{ recipient: 'UA', currency: 'USD', amount: '24000000000' }]);
    expect(pkg).toMatchObject({ status: 'bundled', bill: null, sponsor: 'The White House' });
  });

  it('answers "which packages carry Israel aid?" and "where does Ukraine aid stand?" in one request each', async () => {
    const israel = await api.get(`/negotiations?recipient=IL&minPosition=${last}`);
    expect(israel.body.packages.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
      ['israel-security-supplemental', 'passed_one_chamber'],
      ['ua-il-supplemental', 'bundled'],
    ]);
    const passed = await api.get(`/negotiations?status=passed_one_chamber`);
    expect(passed.body.packages).toEqual([
      expect.objectContaining({
        id: 'israel-security-supplemental',
        bill: expect.objectContaining({ label: 'H.R. 6126 (118th Congress)' }),
        components: [expect.objectContaining({ componentId: 'irs-offset' })],
        lastAction: expect.objectContaining({ summary: 'house passed 226-196 on H.R. 6126 (118th Congress)', occurredAt: { from: '2023-11-02', precision: 'day' } }),
      }),
    ]);
    const ukraine = await api.get(`/negotiations?recipient=UA`);
    expect(ukraine.body.packages.map((p: { id: string }) => p.id)).toEqual(['israel-security-supplemental', 'ua-il-supplemental']);
    const bad = await api.get('/negotiations?status=stuck&recipient=Ukraine');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['recipient', 'status']);
  });

  it('the corridor shows at least 1,000 containers with its route and dates', async () => {
    const { body } = await api.get(`/corridors?supplier=KP&minPosition=${last}`);
    expect(body.corridors).toEqual([
      expect.objectContaining({
        supplier: 'KP',
        recipient: 'RU',
        totals: [expect.objectContaining({ unit: 'containers', value: 1000, qualifier: 'at_least', countingSince: '2023-09-07' })],
        period: { from: '2023-09-07', to: '2023-10-01' },
        estimates: [expect.objectContaining({ source: 'The White House', confidence: 'assessed' })],
      }),
    ]);
    expect(body.corridors[0].routes[0].map((leg: { from: { name: string }; to: { name: string } }) => `${leg.from.name}->${leg.to.name}`)).toEqual([
      'Najin->Dunay',
      'Dunay->ammunition depot near Ukraine',
    ]);
  });

  it('the timeline holds the statement, sanctions, summit, technology request and nuclear warning in world order', async () => {
    const { body } = await api.get(`/timeline?minPosition=${last}`);
    expect(body.entries.map((e: { id: string }) => e.id)).toEqual([
      'kp-seeks-ru-technology-2023',
      'us-sanctions-arms-facilitators-2023',
      'kim-putin-2023-09',
      'kp-nuclear-warning-2023-10-12',
      'kirby-condemns-dprk-2023-10-13',
    ]);
    const page = await api.get('/timeline?country=KP&limit=2');
    expect(page.body).toMatchObject({ next: 2 });
    expect((await api.get('/timeline?country=KP&limit=2&cursor=2')).body.entries).toHaveLength(2);
    expect((await api.get('/timeline?type=ThreatIssued&from=2023-10-01')).body.entries.map((e: { summary: string }) => e.summary)).toEqual([
      'KP threatens US with a nuclear response over the arrival of an American Navy vessel in South Korea',
    ]);
    const learned = await api.get('/timeline?order=recorded&actor=putin');
    expect(learned.body.entries.map((e: { id: string }) => e.id)).toEqual(['kim-putin-2023-09']);
  });

  it('gives the history of any stream with its metadata', async () => {
    const { status, body } = await api.get('/streams/package-ua-il-supplemental/events');
    expect(status).toBe(200);
    expect(body.events.map((e: { type: string }) => e.type)).toEqual(['PackageProposed', 'PackageBundled', 'ComponentProposed', 'ComponentProposed', 'ComponentProposed']);
    expect(body.events[0]).toMatchObject({ version: 1, metadata: { recordedBy: 'test-reporter', onBehalfOf: 'seed' }, recordedAt: expect.any(String), eventId: expect.any(String) });
    expect((await api.get('/streams/package-nothing/events')).status).toBe(404);
  });

  it('enforces the rules over HTTP: 422 naming the rule, and nothing stored', async () => {
    const count = async () => Number((await ledger.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]?.n);
    const before = await count();
    const bill = { congress: 118, type: 'hr', number: 6126 };
    const early = await api.post('/packages/israel-security-supplemental/legislative-actions', { bill, chamber: 'president', action: 'presented', ...fact });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ rule: 'legislation.presented-before-passage' });
    const elsewhere = await api.post('/packages/israel-security-supplemental/legislative-actions', { bill: { ...bill, number: 815 }, chamber: 'house', action: 'passed', ...fact });
    expect(elsewhere.body).toMatchObject({ rule: 'legislation.bill-not-attached' });
    const wrongChamber = await api.post('/packages/israel-security-supplemental/legislative-actions', { bill, chamber: 'house', action: 'signed', ...fact });
    expect(wrongChamber.status).toBe(400);
    expect(wrongChamber.body.errors).toEqual([expect.objectContaining({ field: 'chamber' })]);
    const twice = await api.post('/packages/israel-security-supplemental/bundle', { aidRequestIds: ['ua-24b'], ...fact });
    expect(twice.body).toMatchObject({ status: 422, rule: 'aid-request.in-another-package', packageId: 'ua-il-supplemental' });
    const stale = await api.post('/aid-requests/ua-24b/positions', { actor: { country: 'UA' }, stance: 'supports', ...fact }, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(await count()).toBe(before);
  });

  it('moves a request along by supersession and closes the old one', async () => {
    const request = await api.post('/aid-requests', {
      id: 'us-supplemental-2023-10-20',
      requester: 'President of the United States',
      addressee: 'US Congress',
      lines: [{ recipient: 'UA', purpose: 'military', amount: { amount: '61400000000', currency: 'USD' } }],
      total: { amount: '61400000000', currency: 'USD' },
      supersedes: 'ua-24b',
      ...fact,
    });
    expect(request.status).toBe(201);
    const old = await api.get(`/aid-requests/ua-24b?minPosition=${request.body.position}`);
    expect(old.body.aidRequest).toMatchObject({ status: 'superseded', supersededBy: 'us-supplemental-2023-10-20' });
    const successor = await api.get('/aid-requests/us-supplemental-2023-10-20');
    expect(successor.body.aidRequest.carriedPositions).toEqual([expect.objectContaining({ stance: 'opposes', from: 'ua-24b' })]);
    const closed = await api.post('/aid-requests/ua-24b/positions', { actor: { country: 'UA' }, stance: 'supports', ...fact });
    expect(closed.body).toMatchObject({ status: 422, rule: 'aid-request.closed' });
    expect((await api.post('/aid-requests', { ...request.body, id: 'x', supersedes: 'nothing' })).status).toBe(400);
  });
});
