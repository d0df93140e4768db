import type { Ledger } from '@policy-ledger/runtime';
import { join } from 'node:path';
import { loadFixture, seedFixture } from '../../scripts/seed-fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Mode } from '../support/test-ledger';

const fixtures = join(__dirname, '..', 'fixtures');
const modes: Mode[] = ['production', 'embedded'];
const fact = { occurredAt: { from: '2024-01-01', precision: 'day' }, sources: [{ publisher: 'test', sourceClass: 'media' }], confidence: 'confirmed' };

/** A package's view, its bills and stages, as the tests read them. */
interface Pkg {
  id: string;
  status: string;
  lawNumber: string | null;
  bills: { label: string; title: string | null; status: string; summary: string; procedure: { action: string; vote: unknown }[] }[];
  amountsBasis: { stage: string; versions: { bill: string; version: string }[] };
  amountsByRecipient: { recipient: unknown; amount: string; qualifier?: string }[];
  amountsByRecipientAndPurpose: { recipient: unknown; purpose: string; amount: string; qualifier?: string }[];
  amountsByStage: { stage: string; bill: string | null; assessor: string | null; occurredAt: { from: string } | null; sources: { publisher: string }[]; totals: unknown[]; statedTotals: unknown[] }[];
  aidRequests: { id: string; status: string; contested: boolean }[];
}

describe.each(modes)('real records through the public API: H.R. 7691, the CARES Act, the container estimates, in the %s mode', (mode) => {
  let service: TestApp;
  let ledger: Ledger;
  let api: TestApp['api'];
  /** The position written by each fixture step, by fixture and note. */
  const positions = new Map<string, number>();
  let last = 0;

  beforeAll(async () => {
    service = await startTestApp(`e2e_records_${mode}`, mode);
    ({ ledger, api } = service);
    for (const file of ['article-2023-10-13.json', 'ukraine-supplemental-hr7691.json', 'cares-act-hr748.json', 'dprk-russia-containers-2023-2024.json']) {
      const fixture = await loadFixture(join(fixtures, file));
      // One request per fact: each gets a recording time of its own, so asOf tells every step apart.
      const result = await seedFixture(service.url, fixture, undefined, { key: service.keys.reporter, oneByOne: true });
      expect(result.steps.filter((s) => s.status !== 201)).toEqual([]);
      for (const step of result.steps) positions.set(`${file}#${step.index}`, step.position ?? 0);
      last = result.lastPosition;
    }
  });
  afterAll(async () => service?.close());

  /** The recorded time of the event a fixture step wrote: asking asOf it shows the board right after that step. */
  async function recordedAfter(file: string, step: number): Promise<string> {
    const position = positions.get(`${file}#${step}`) as number;
    const [event] = await ledger.store.readAll(position - 1, 1);
    return encodeURIComponent(event?.recordedAt as string);
  }
  const boardAt = async (file: string, step: number, id: string): Promise<Pkg> => {
    const { body } = await api.get(`/negotiations?asOf=${await recordedAfter(file, step)}`);
    return body.packages.find((p: Pkg) => p.id === id);
  };

  describe('H.R. 7691 (117th Congress): Congress enacted more than was requested', () => {
    const file = 'ukraine-supplemental-hr7691.json';
    const at = (step: number) => boardAt(file, step, 'ua-supplemental-2022-05');

    it('shows every stage side by side, sums the enacted text, and never counts the dropped U.S. food-production line', async () => {
      const { body } = await api.get(`/packages/ua-supplemental-2022-05?minPosition=${last}`);
      const pkg: Pkg = body.package;
      expect(pkg).toMatchObject({ status: 'enacted', lawNumber: '117-128', amountsBasis: { stage: 'bill_versions', versions: [{ bill: 'H.R. 7691 (117th Congress)', version: 'enacted' }] } });
      expect(pkg.amountsByStage.map((s) => [s.stage, s.bill ?? s.assessor, s.occurredAt?.from, s.totals])).toEqual([
        ['requested', null, '2022-04-28', [{ amount: '32400000000', currency: 'USD', qualifier: 'approx' }]],
        ['house', 'H.R. 7691 (117th Congress)', '2022-05-10', [{ amount: '37833000000', currency: 'USD', qualifier: 'approx' }]],
        ['enacted', 'H.R. 7691 (117th Congress)', '2022-05-21', [{ amount: '37833000000', currency: 'USD', qualifier: 'approx' }]],
        ['assessment', 'Congressional Research Service', '2022-05-21', [{ amount: '40100000000', currency: 'USD', qualifier: 'approx' }]],
      ]);
      expect(pkg.amountsByStage[0]?.statedTotals).toEqual([{ amount: '33000000000', currency: 'USD', qualifier: 'approx' }]);
      expect(pkg.amountsByStage[2]?.statedTotals).toEqual([{ amount: '39800000000', currency: 'USD', qualifier: 'approx' }]);
      const us = pkg.amountsByRecipientAndPurpose.filter((a) => a.recipient === 'US').map((a) => [a.purpose, a.amount, a.qualifier]);
      expect(us).toEqual([
        ['humanitarian', '900000000', 'approx'],
        ['military', '8700000000', 'approx'],
        ['other', '67000000', undefined],
      ]);
      expect(pkg.bills).toEqual([expect.objectContaining({ label: 'H.R. 7691 (117th Congress)', status: 'enacted', summary: 'became Public Law 117-128' })]);
      expect(pkg.bills[0]?.procedure.map((a) => [a.action, a.vote])).toEqual([
        ['rule_adopted', { yea: 217, nay: 202 }],
        ['cloture_invoked', { yea: 81, nay: 11 }],
        ['cloture_invoked', null],
      ]);
      expect(pkg.aidRequests).toEqual([expect.objectContaining({ id: 'ua-33b-2022-04', status: 'bundled', contested: true })]);
    });

    it('tells the truth at each step, as the ledger knew it then', async () => {
      expect(await at(6)).toMatchObject({ status: 'attached_to_bill', amountsBasis: { stage: 'requested' } });
      const passedHouse = await at(7);
      expect(passedHouse).toMatchObject({ status: 'passed_one_chamber', amountsBasis: { stage: 'requested' }, bills: [expect.objectContaining({ summary: 'passed House 368-57, Senate pending' })] });
      expect(passedHouse.amountsByRecipient).toContainEqual({ recipient: 'US', amount: '500000000', currency: 'USD' });
      const houseText = await at(8);
      expect(houseText.amountsBasis).toMatchObject({ stage: 'bill_versions', versions: [{ version: 'house' }] });
      expect(houseText.amountsByRecipientAndPurpose.filter((a) => a.recipient === 'US' && a.purpose === 'other')).toEqual([{ recipient: 'US', purpose: 'other', amount: '67000000', currency: 'USD' }]);
      expect(await at(10)).toMatchObject({ status: 'passed_one_chamber' });
      expect(await at(12)).toMatchObject({ status: 'passed_both', bills: [expect.objectContaining({ summary: 'passed House and Senate 86-11: both agreed' })] });
      expect(await at(13)).toMatchObject({ status: 'presented' });
      expect(await at(14)).toMatchObject({ status: 'enacted', lawNumber: null });
      expect(await at(15)).toMatchObject({ status: 'enacted', lawNumber: '117-128' });
    });
  });

  describe('the CARES Act through H.R. 748: a shell bill, a Senate substitute, the House concurring', () => {
    const file = 'cares-act-hr748.json';
    const at = (step: number) => boardAt(file, step, 'cares-act');

    it('reads each step truthfully: cloture failures are procedure, the Senate amendment awaits the House, concurrence is agreement', async () => {
      expect(await at(4)).toMatchObject({ status: 'passed_one_chamber', bills: [expect.objectContaining({ title: 'Middle Class Health Benefits Tax Repeal Act of 2019' })] });
      expect(await at(5)).toMatchObject({
        status: 'cloture_failed',
        bills: [expect.objectContaining({ summary: 'passed House 419-6, Senate pending; Senate cloture failed 47-47 (procedure, not a vote on passage)' })],
      });
      const amended = await at(7);
      expect(amended).toMatchObject({
        status: 'resolving_differences',
        bills: [expect.objectContaining({ status: 'resolving_differences', summary: 'passed House; Senate passed it with an amendment 96-0: House pending', title: 'Coronavirus Aid, Relief, and Economic Security (CARES) Act' })],
        amountsBasis: { stage: 'requested' },
      });
      expect((await at(8)).amountsBasis).toMatchObject({ stage: 'bill_versions', versions: [{ version: 'senate' }] });
      expect(await at(9)).toMatchObject({ status: 'resolving_differences' });
      expect(await at(10)).toMatchObject({ status: 'passed_both', bills: [expect.objectContaining({ summary: 'House concurred in the Senate amendment by voice vote: both agreed' })] });
      expect(await at(13)).toMatchObject({ status: 'enacted', lawNumber: '116-136' });
    });

    it('ends enacted with the Senate text as law and the CBO figure beside it, not summed', async () => {
      const { body } = await api.get(`/negotiations?status=enacted&recipient=US&minPosition=${last}`);
      const pkg: Pkg = body.packages.find((p: Pkg) => p.id === 'cares-act');
      expect(pkg.amountsByStage.map((s) => [s.stage, s.assessor, s.totals])).toEqual([
        ['senate', null, [{ amount: '1186750000000', currency: 'USD', qualifier: 'approx' }]],
        ['enacted', null, [{ amount: '1186750000000', currency: 'USD', qualifier: 'approx' }]],
        ['assessment', 'Congressional Budget Office', [{ amount: '1700000000000', currency: 'USD', qualifier: 'approx' }]],
      ]);
      expect(pkg.amountsByRecipient).toEqual([{ recipient: 'US', amount: '1186750000000', currency: 'USD', qualifier: 'approx' }]);
      expect(pkg.bills[0]).toMatchObject({ status: 'enacted', summary: 'became Public Law 116-136' });
    });
  });

  it('keeps illegal sequences refused with the rule named, bad input a 400 naming the field, and stores nothing', async () => {
    const count = async () => Number((await ledger.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]?.n);
    const before = await count();
    const hr748 = { congress: 116, type: 'hr', number: 748 };
    const afterLaw = await api.post('/packages/cares-act/legislative-actions', { bill: hr748, chamber: 'senate', action: 'passed', ...fact });
    expect(afterLaw).toMatchObject({ status: 422, body: { rule: 'legislation.enacted' } });
    const noRule = await api.post('/packages/cares-act/legislative-actions', { bill: hr748, chamber: 'house', action: 'rule_adopted', ...fact });
    expect(noRule.status).toBe(400);
    expect(noRule.body.errors).toEqual([expect.objectContaining({ field: 'rule' })]);
    const voiceTally = await api.post('/packages/cares-act/legislative-actions', { bill: hr748, chamber: 'house', action: 'concurred', method: 'voice_vote', vote: { yea: 1, nay: 0 }, ...fact });
    expect(voiceTally.body.errors).toEqual([expect.objectContaining({ field: 'vote' })]);
    const badMoney = await api.post('/packages/cares-act/assessments', { assessor: 'x', measure: 'new_commitments', lines: [{ recipient: { region: '' }, purpose: 'other', amount: { amount: '1', currency: 'USD', qualifier: 'range' } }], ...fact });
    expect(badMoney.body.errors.map((e: { field: string }) => e.field)).toEqual(['lines.0.recipient.region', 'lines.0.amount.upTo']);
    expect(await count()).toBe(before);

    // A concurrence with no amendment to concur in: a fresh vehicle that only the House passed.
    const bill = { congress: 118, type: 'hr', number: 9999 };
    for (const [path, body] of [
      ['/packages', { id: 'concur-test', title: 't', sponsor: 's', ...fact }],
      ['/packages/concur-test/bill', { bill, ...fact }],
      ['/packages/concur-test/legislative-actions', { bill, chamber: 'house', action: 'passed', ...fact }],
    ] as const) {
      expect((await api.post(path, body)).status).toBe(201);
    }
    const written = await count();
    const concur = await api.post('/packages/concur-test/legislative-actions', { bill, chamber: 'senate', action: 'concurred', ...fact });
    expect(concur).toMatchObject({ status: 422, body: { rule: 'legislation.nothing-to-concur-in' } });
    expect(await count()).toBe(written);
  });

  describe('the container estimates: sources that disagree, another counting start, equivalents, disputes', () => {
    const file = 'dprk-russia-containers-2023-2024.json';
    type Corridor = {
      estimates: { estimateId: string; source: string; quantity: { value: number; countingSince?: string }; equivalents: string[]; equivalentOf: string | null; disputedBy: { disputedBy: { name: string } }[] }[];
      totals: { label: string; unit: string; countingSince: string | null; value: number; qualifier: string }[];
      disputes: { estimateId: string | null; disputedBy: { name: string } }[];
      period: { from: string; to: string };
    };
    const corridorAt = async (step: number): Promise<Corridor> => (await api.get(`/corridors?supplier=KP&asOf=${await recordedAfter(file, step)}`)).body.corridors[0];

    it('in February 2024 shows the State Department and Shin side by side from the same start, no silent pick, and Shin\'s figure restated in shells', async () => {
      const corridor = await corridorAt(6);
      const containers = corridor.totals.filter((t) => t.unit === 'containers').map((t) => [t.label, t.countingSince, t.value, t.qualifier]);
      expect(containers).toEqual([
        ['latest of Shin Won-sik, KR', '2023-09', 6700, 'approx'],
        ['latest of U.S. Department of State, US', '2023-09', 10000, 'at_least'],
        ['latest of The White House', '2023-09-07', 1000, 'at_least'],
      ]);
      expect(corridor.estimates.find((e) => e.estimateId === 'shin-2024-02')?.equivalents).toEqual(['shin-2024-02-152mm', 'shin-2024-02-122mm']);
      expect(corridor.totals.map((t) => t.unit)).not.toContain('152mm artillery shells');
      expect(corridor.estimates.find((e) => e.estimateId === 'item-1')?.disputedBy).toEqual([expect.objectContaining({ disputedBy: expect.objectContaining({ name: 'Dmitry Peskov' }) })]);
    });

    it('at the end keeps a figure counted since 2022 apart, links the disputes, and spans every standing figure', async () => {
      const { body } = await api.get(`/corridors?supplier=KP&minPosition=${last}`);
      const corridor: Corridor = body.corridors[0];
      expect(corridor.totals.filter((t) => t.unit === 'containers').map((t) => [t.label, t.countingSince, t.value])).toEqual([
        ['latest of South Korean Defense Intelligence Agency, KR', '2022', 13000],
        ['latest of Shin Won-sik, KR', '2023', 7000],
        ['latest of South Korean National Intelligence Service, KR', '2023-08', 13000],
        ['latest of U.S. Department of State, US', '2023-09', 10000],
        ['latest of The White House', '2023-09-07', 1000],
      ]);
      expect(corridor.disputes.map((d) => [d.disputedBy.name, d.estimateId])).toEqual([
        ['Dmitry Peskov', 'item-1'],
        ['Kim Yo Jong', null],
      ]);
      expect(corridor.period).toEqual({ from: '2022', to: '2024-10-18' });
      // Shin's March figure replaced his own February one, and its equivalents went with it.
      expect(corridor.estimates.map((e) => e.estimateId)).not.toContain('shin-2024-02-152mm');
    });
  });
});
