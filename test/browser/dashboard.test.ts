import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApi, defaultWebRoot } from '../../apps/api/src/bootstrap';
import { loadFixture, seedFixture } from '../../scripts/seed-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The dashboard as a person sees it, in headless Chromium (Debian's, driven by playwright-core):
 * the embedded service on a random port, seeded through the public API with the article, the
 * H.R. 6126 story and the three real records (H.R. 7691, the CARES Act through H.R. 748, the
 * container estimates). Screenshots of every view, at laptop and phone widths, go to
 * test-results/screenshots/ (ignored by git).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const fixture = (name: string) => loadFixture(join(__dirname, '..', 'fixtures', name));
const fact = (day: string, publisher: string, confidence = 'assessed') => ({
  occurredAt: { from: day, precision: 'day' },
  sources: [{ publisher, sourceClass: 'media', publishedAt: day }],
  confidence,
});

/** A time to the second (what the date control holds, in UTC here) at which the ledger knew exactly the article. */
function secondAfter(iso: string): { control: string; instant: number } {
  const instant = Math.floor(Date.parse(iso) / 1000) * 1000 + 1000;
  return { control: new Date(instant).toISOString().slice(0, 19), instant };
}

describe('the dashboard in a browser', () => {
  let service: TestApp;
  let browser: Browser;
  let page: Page;
  let articleKnownAt: { control: string; instant: number };
  /** When the ledger learned each step of the CARES Act (seeded one request per fact), by step number. */
  const caresRecordedAt = new Map<number, string>();

  const view = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name, exact: true });
  const shoot = async (name: string) => {
    // From the top: a full-page picture taken further down would show the sticky header mid-page.
    await page.evaluate('window.scrollTo(0, 0)');
    for (const [width, viewport] of [
      ['laptop', LAPTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(150); // the chart redraws at the new width
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize(LAPTOP);
  };

  /** One element at both widths (laptop and phone), as it looks on the page. */
  const shootElement = async (element: ReturnType<Page['locator']>, name: string) => {
    // The sticky header would cover the element's top once it is scrolled into view.
    const unstick = await page.addStyleTag({ content: '.site-header { position: static !important; }' });
    for (const [width, viewport] of [
      ['laptop', LAPTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(150);
      await element.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`) });
    }
    await unstick.evaluate((tag) => tag.remove());
    await page.setViewportSize(LAPTOP);
  };

  beforeAll(async () => {
    if (!existsSync(join(defaultWebRoot(), 'index.html'))) throw new Error('the dashboard is not built: run npm run build:web (npm test builds it when missing)');
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
    await mkdir(SCREENSHOTS, { recursive: true });
    service = await startTestApp('browser_dashboard', 'embedded');
    const article = await seedFixture(service.url, await fixture('article-2023-10-13.json'), undefined, { key: service.keys.reporter });
    expect(article.ok).toBe(true);
    const page0 = await service.api.get(`/events?after=${article.lastPosition - 1}&limit=1`);
    articleKnownAt = secondAfter(page0.body.events[0].recordedAt);
    // The rest of the story, and the real records, are learned after that second.
    while (Date.now() <= articleKnownAt.instant + 20) await new Promise((resolve) => setTimeout(resolve, 25));
    for (const name of ['israel-supplemental-hr6126.json', 'ukraine-supplemental-hr7691.json', 'dprk-russia-containers-2023-2024.json']) {
      expect((await seedFixture(service.url, await fixture(name), undefined, { key: service.keys.reporter })).ok).toBe(true);
    }
    // One request per fact: each step of the CARES Act gets a recording time of its own, so that the
    // board can be asked how it stood right after any of them.
    const cares = await seedFixture(service.url, await fixture('cares-act-hr748.json'), undefined, { key: service.keys.reporter, oneByOne: true });
    expect(cares.ok).toBe(true);
    for (const step of cares.steps) {
      const { body } = await service.api.get(`/events?after=${(step.position as number) - 1}&limit=1`);
      caresRecordedAt.set(step.index, body.events[0].recordedAt);
    }

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: LAPTOP, timezoneId: 'UTC', locale: 'en-GB', reducedMotion: 'reduce' });
    page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${service.url}/`);
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('shows each package with its status, path through the chambers, amounts, positions and last action', async () => {
    const israel = page.locator('article[data-package="israel-security-supplemental"]');
    await israel.getByRole('heading', { name: 'Israel Security Supplemental Appropriations Act, 2024' }).waitFor();
    await expect(israel.locator('.card-header .status').textContent()).resolves.toBe('passed one chamber');
    const path = israel.getByRole('list', { name: /Path of .* through the chambers/ });
    await expect(path.locator('li.step-done .step-label').allTextContents()).resolves.toEqual(['Proposed', 'Bundled', 'Bill: H.R. 6126', 'House']);
    await expect(path.locator('li[aria-current="step"] .step-label').textContent()).resolves.toBe('Senate');
    await expect(path.locator('li.step-done').last().textContent()).resolves.toContain('passed 226-196');
    const amounts = israel.getByRole('table', { name: 'Amounts by recipient' });
    await expect(amounts.getByRole('row', { name: /Israel/ }).textContent()).resolves.toContain('$14.3B');
    await expect(israel.textContent()).resolves.toMatch(/Chuck Schumer.*opposes/);
    await expect(israel.locator('.last-action').textContent()).resolves.toContain('house passed 226-196 on H.R. 6126');
    await expect(israel.getByRole('link', { name: 'package' }).getAttribute('href')).resolves.toBe('#/history/package-israel-security-supplemental');

    const ukraine = page.locator('article[data-package="ua-il-supplemental"]');
    await expect(ukraine.locator('.card-header .status').textContent()).resolves.toBe('bundled');
    await expect(ukraine.getByRole('table', { name: 'Amounts by recipient' }).textContent()).resolves.toContain('$24B');

    // Provenance: hovering a figure shows its source, confidence and dates.
    await amounts.getByRole('button', { name: /\$14\.3B for Israel/ }).hover();
    const card = israel.locator('.provenance-popover:not([hidden])');
    await expect(card.textContent()).resolves.toMatch(/The White House.*Confidence.*confirmed.*Happened.*20 Oct 2023.*USD 14,300,000,000/s);
    await page.mouse.move(0, 0);
    await expect(israel.locator('.basis').textContent()).resolves.toContain('the requested lines');
    await shoot('board');
    // The picture at the top of the README: the board as it opens on a laptop.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, 'board-top-laptop.png'), clip: { x: 0, y: 0, width: LAPTOP.width, height: 880 }, fullPage: true });
  });

  it('shows the money of H.R. 7691 at every stage side by side: requested, the House text, enacted, and the outside count', async () => {
    const pkg = page.locator('article[data-package="ua-supplemental-2022-05"]');
    await pkg.getByRole('heading', { name: 'Additional Ukraine Supplemental Appropriations Act, 2022' }).waitFor();
    const stages = pkg.getByRole('table', { name: 'Amounts by stage' });
    await expect(stages.locator('thead .stage-title').allTextContents()).resolves.toEqual(['Requested', 'House text', 'Enacted', 'Budget authority']);
    const row = (name: string | RegExp) => stages.getByRole('row', { name });
    const cells = async (name: string | RegExp) => (await row(name).locator('td').allTextContents()).map((t) => t.trim());
    // Congress enacted more than was requested; the outside assessment is shown, never summed.
    await expect(cells('Lines added up')).resolves.toEqual(['about $32.4B', 'about $37.83B', 'about $37.83B', 'about $40.1B']);
    await expect(cells('Total stated')).resolves.toEqual(['about $33B', 'about $39.8B', 'about $39.8B', '—']);
    await expect(cells(/^Ukraine and countries impacted by the situation in Ukraine \(UA\)/)).resolves.toEqual(['about $20.4B', '$13.27B', '$13.27B', 'about $40.1B']);
    await expect(cells(/^United States/)).resolves.toEqual(['$500M', 'about $9.67B', 'about $9.67B', '—']);
    await expect(stages.locator('thead th.summed .stage-title').textContent()).resolves.toBe('Enacted');
    await expect(stages.locator('thead th.stage-assessment').textContent()).resolves.toMatch(/Congressional Research Service.*not summed/);
    await expect(pkg.locator('.basis').textContent()).resolves.toBe('Sums the enacted version of H.R. 7691 (117th Congress)');
    await expect(pkg.getByRole('table', { name: 'Amounts by recipient' }).getByRole('row', { name: /^United States/ }).textContent()).resolves.toContain('about $9.67B');

    // Each figure says where it comes from: the enacted text, dated, with the lines behind it.
    await row(/^United States/).getByRole('button', { name: /about \$9\.67B for United States, Enacted: sources/ }).hover();
    const card = pkg.locator('.provenance-popover:not([hidden])');
    await expect(card.textContent()).resolves.toMatch(/Public Law 117-128.*Confidence.*confirmed.*Happened.*21 May 2022.*military: about USD 8,700,000,000 \(DoD replenishment/s);
    await page.mouse.move(0, 0);

    // The way through the chambers, with the procedure on the step it came before, never as passage.
    const path = pkg.getByRole('list', { name: /Path of .* through the chambers/ });
    await expect(path.locator('li.step-done .step-label').allTextContents()).resolves.toEqual(['Proposed', 'Bundled', 'Bill: H.R. 7691', 'House', 'Senate', 'President', 'Law']);
    await expect(path.locator('li[data-step="house"] .step-state').textContent()).resolves.toContain('passed 368-57 · 10 May 2022');
    await expect(path.locator('li[data-step="house"] .step-procedure').textContent()).resolves.toContain('procedure House rule H.Res. 1097 adopted 217-202');
    await expect(path.locator('li[data-step="senate"] .step-procedure li').allTextContents()).resolves.toEqual([
      'procedure cloture invoked 81-11 on the motion to proceed · 16 May 2022',
      'procedure cloture invoked on the bill · 19 May 2022',
    ]);
    await expect(path.locator('li[data-step="law"] .step-state').textContent()).resolves.toContain('Public Law 117-128');
    await pkg.scrollIntoViewIfNeeded();
    await shootElement(pkg, 'board-hr7691');
  });

  it("follows H.R. 748 through the amendment exchange to the CARES Act, and tells each step's truth as the ledger knew it then", async () => {
    const cares = page.locator('article[data-package="cares-act"]');
    await cares.getByRole('heading', { name: 'Coronavirus Aid, Relief, and Economic Security (CARES) Act' }).waitFor();
    await expect(cares.locator('.card-header .status').textContent()).resolves.toBe('enacted');
    await expect(cares.locator('.bill-summary').textContent()).resolves.toBe('Became Public Law 116-136');
    const path = cares.getByRole('list', { name: /Path of .* through the chambers/ });
    const steps = async () => path.locator('li.step').evaluateAll((items) => items.map((li) => `${li.querySelector('.step-label')?.textContent}: ${li.className.replace('step step-', '')}`));
    await expect(steps()).resolves.toEqual(['Proposed: done', 'Bill: H.R. 748: done', 'House: done', 'Senate: done', 'House on the Senate amendment: done', 'President: done', 'Law: done']);
    const state = (step: string) => path.locator(`li[data-step="${step}"] .step-state`).textContent();
    await expect(state('house')).resolves.toContain('passed 419-6 · 17 Jul 2019');
    await expect(state('senate')).resolves.toContain('passed with an amendment 96-0 · 25 Mar 2020');
    await expect(state('exchange')).resolves.toContain('House concurred by voice vote · 27 Mar 2020');
    await expect(state('president')).resolves.toContain('signed · 27 Mar 2020');
    await expect(state('law')).resolves.toContain('Public Law 116-136');
    // Two failed cloture votes are procedure on the Senate's step, not a failed passage.
    await expect(path.locator('li[data-step="senate"] .step-procedure .setback').allTextContents()).resolves.toEqual([
      'procedure cloture failed 47-47 on the motion to proceed · 22 Mar 2020',
      'procedure cloture failed 49-46 on the motion to proceed · 23 Mar 2020',
    ]);
    await expect(path.locator('li.step-failed').count()).resolves.toBe(0);
    const stages = cares.getByRole('table', { name: 'Amounts by stage' });
    await expect(stages.getByRole('row', { name: /^Total stated/ }).locator('td').allTextContents()).resolves.toEqual(['about $2.2T', 'about $2.2T', '—']);

    // As the ledger knew it right after the Senate passed its substitute: the House must act.
    await page.goto(`${service.url}/#/board?asOf=${encodeURIComponent(caresRecordedAt.get(7) as string)}`);
    await page.getByText('Time travel:').waitFor();
    await cares.locator('.card-header .status', { hasText: 'resolving differences' }).waitFor();
    await expect(cares.locator('.bill-summary').textContent()).resolves.toBe('Passed House; Senate passed it with an amendment 96-0: House pending');
    await expect(steps()).resolves.toEqual([
      'Proposed: done',
      'Bill: H.R. 748: done',
      'House: done',
      'Senate: done',
      'House on the Senate amendment: current',
      'President: pending',
      'Law: pending',
    ]);
    await expect(cares.locator('.bill .status').textContent()).resolves.toBe('resolving differences');
    await shootElement(cares, 'board-hr748-as-of-senate-amendment');

    // Right after the first failed cloture vote: held up by procedure, the Senate's step still to come.
    await page.goto(`${service.url}/#/board?asOf=${encodeURIComponent(caresRecordedAt.get(5) as string)}`);
    await cares.locator('.card-header .status', { hasText: 'cloture failed' }).waitFor();
    await expect(cares.locator('.bill-summary').textContent()).resolves.toBe('Passed House 419-6, Senate pending; Senate cloture failed 47-47 (procedure, not a vote on passage)');
    await expect(path.locator('li[aria-current="step"] .step-label').textContent()).resolves.toBe('Senate');
    await expect(path.locator('li.step-failed').count()).resolves.toBe(0);
    await page.goto(`${service.url}/#/board`);
    await cares.locator('.card-header .status', { hasText: 'enacted' }).waitFor();
  });

  it('charts the container corridor with one series per source, each counting start, the labelled latest of each source and the dispute on the figure it disputes', async () => {
    await view('Corridors').click();
    const corridor = page.locator('article[data-corridor="KP-RU"]');
    await corridor.getByRole('heading', { name: 'North Korea → Russia' }).waitFor();
    const containers = corridor.locator('figure[data-unit="containers"]');
    const legend = containers.getByRole('list', { name: 'Sources of the containers figures' });
    await legend.locator('li', { hasText: 'South Korean National Intelligence Service, KR' }).waitFor();
    const sources = ['The White House', 'U.S. Department of State, US', 'Shin Won-sik, KR', 'South Korean Defense Intelligence Agency, KR', 'South Korean National Intelligence Service, KR'];
    await expect(legend.locator('li strong').allTextContents()).resolves.toEqual(sources);
    const chart = containers.locator('svg').first();
    await expect(chart.getAttribute('aria-label')).resolves.toBe('containers from North Korea to Russia: 5 sources, one line each');
    await expect(chart.locator('g[aria-description="estimates"] path').count()).resolves.toBe(5);
    // Every start a source counted from: Shin counted since September 2023, then since 2023.
    const starts = containers.locator('svg g[aria-description="counting starts"] [aria-label]');
    await expect(starts.evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label')))).resolves.toEqual([
      'The White House counts since 7 Sep 2023',
      'U.S. Department of State, US counts since Sep 2023',
      'Shin Won-sik, KR counts since Sep 2023',
      'Shin Won-sik, KR counts since 2023',
      'South Korean Defense Intelligence Agency, KR counts since 2022',
      'South Korean National Intelligence Service, KR counts since Aug 2023',
    ]);
    // The Kremlin's dispute sits on the White House's figure it disputes; Kim Yo Jong's on the claim as a whole.
    await expect(chart.locator('g[aria-description="disputes"] [aria-label]').getAttribute('aria-label')).resolves.toMatch(/^Dmitry Peskov \(Kremlin spokesman\) disputes The White House's at least 1,000 containers/);
    await expect(chart.locator('g[aria-description="disputes of the claim"] [aria-label]').getAttribute('aria-label')).resolves.toMatch(/^Kim Yo Jong.* disputes the claim as a whole/);
    // An equivalent rides on the figure it restates: shells are no second count of their own.
    await expect(chart.locator('g[aria-description="equivalents"] [aria-label]').evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label')))).resolves.toEqual([
      'about 6,700 containers restated as at least 3,000,000 152mm artillery shells; about 500,000 122mm rounds',
      'at least 13,000 containers restated as at least 6,000,000 152mm artillery shells',
    ]);
    await expect(corridor.locator('figure[data-unit]').evaluateAll((figures) => figures.map((f) => f.getAttribute('data-unit')))).resolves.toEqual(['containers', 'artillery shells']);

    // No headline picks one source's figure: each source's latest, labelled, side by side.
    const totals = containers.getByRole('list', { name: 'Latest containers count of each source' }).locator('li.total');
    await expect(totals.locator('.total-label').allTextContents()).resolves.toEqual([
      'latest of South Korean Defense Intelligence Agency, KR',
      'latest of Shin Won-sik, KR',
      'latest of South Korean National Intelligence Service, KR',
      'latest of U.S. Department of State, US',
      'latest of The White House',
    ]);
    await expect(totals.locator('.total-figure').allTextContents()).resolves.toEqual(['at least 13,000 containers', 'about 7,000 containers', 'at least 13,000 containers', 'at least 10,000 containers', 'at least 1,000 containers']);
    const whiteHouse = totals.filter({ hasText: 'latest of The White House' });
    await expect(whiteHouse.textContent()).resolves.toMatch(/counting since 7 Sep 2023.*disputed by Dmitry Peskov/);
    await expect(totals.filter({ hasText: 'Defense Intelligence Agency' }).textContent()).resolves.toMatch(/counting since 2022.*= at least 6,000,000 152mm artillery shells \(a restatement, not a count\)/);
    await expect(corridor.locator('li.dispute[data-disputes="item-1"]').textContent()).resolves.toContain("disputes The White House's figure, at least 1,000 containers (item-1)");
    await expect(corridor.locator('li.dispute[data-disputes="claim"]').textContent()).resolves.toContain('Kim Yo Jong disputes the claim as a whole');
    await expect(corridor.getByText('Najin (North Korea) → Dunay (Russia)').count()).resolves.toBe(1);
    await shoot('corridors');
  });

  it('travels in time: the board as the ledger knew it after the article, then now again', async () => {
    await view('Board').click();
    await page.locator('article[data-package="israel-security-supplemental"]').waitFor();
    await page.getByLabel('Show the board as the ledger knew it at').fill(articleKnownAt.control);
    await page.getByText('Time travel:').waitFor();
    await page.locator('article[data-package="israel-security-supplemental"]').waitFor({ state: 'detached' });
    await expect(page.locator('article[data-package]').count()).resolves.toBe(1);
    await expect(page.locator('article[data-package="ua-il-supplemental"] .card-header .status').textContent()).resolves.toBe('bundled');
    await shoot('board-as-of');

    await page.getByRole('button', { name: 'Back to now' }).click();
    await page.locator('article[data-package="israel-security-supplemental"]').waitFor();
    await expect(page.locator('article[data-package]').count()).resolves.toBe(4);
  });

  it('lists what changed between two dates', async () => {
    await page.goto(`${service.url}/#/changes?from=${encodeURIComponent(new Date(articleKnownAt.instant).toISOString())}`);
    const changes = page.locator('ul.changes');
    await changes.waitFor();
    const text = await changes.textContent();
    expect(text).toContain('New package israel-security-supplemental');
    expect(text).toContain('House passed 226-196');
    expect(text).not.toContain('ua-il-supplemental');
    await shoot('changes');
  });

  it('filters the timeline by country, actor and type, in either order', async () => {
    await view('Timeline').click();
    const entries = page.getByRole('list', { name: /Developments/ }).locator('li.entry');
    await entries.first().waitFor();
    await expect(entries.count()).resolves.toBe(5);
    await page.getByLabel('Type').selectOption('ThreatIssued');
    await entries.nth(1).waitFor({ state: 'detached' });
    await expect(entries.allTextContents()).resolves.toEqual([expect.stringContaining('nuclear')]);
    await page.getByLabel('Type').selectOption('');
    await entries.nth(4).waitFor();
    await page.getByLabel('Actor').fill('Kirby');
    await entries.nth(1).waitFor({ state: 'detached' });
    await expect(entries.allTextContents()).resolves.toEqual([expect.stringContaining('John Kirby')]);
    await page.getByLabel('Actor').fill('');
    await entries.nth(4).waitFor();
    await page.getByLabel('Country').selectOption('US');
    await page.waitForURL(/country=US/);
    await entries.nth(3).waitFor({ state: 'detached' });
    await expect(entries.count()).resolves.toBe(3);
    await page.getByLabel('as learned').check();
    await page.waitForURL(/order=recorded/);
    await shoot('timeline');
  });

  it('shows a fact posted through the API without a reload, on the board and in the live tail', async () => {
    await view('Board').click();
    const israel = page.locator('article[data-package="israel-security-supplemental"]');
    await israel.waitFor();
    await page.evaluate('window.sameDocument = true');
    const posted = await service.api.post('/aid-requests/il-14-3b/positions', {
      actor: { name: 'Mitch McConnell', role: 'Senate Minority Leader', country: 'US' },
      stance: 'supports',
      ...fact('2023-11-03', 'Congressional Record', 'confirmed'),
    });
    expect(posted.status).toBe(201);
    await israel.getByText('Mitch McConnell (Senate Minority Leader)', { exact: true }).waitFor({ timeout: 10_000 });
    await expect(israel.locator('.last-action').textContent()).resolves.toContain('house passed');

    await view('Live').click();
    const newest = page.locator(`ol.tail li[data-position="${posted.body.position}"]`);
    await newest.waitFor();
    await expect(newest.textContent()).resolves.toContain('PositionRecorded');
    const board = page.locator('tr[data-projection="negotiations-board"]');
    await expect(board.textContent()).resolves.toContain('live');
    await page.locator('tr[data-projection="negotiations-board"]', { hasText: `${posted.body.position} / ${posted.body.position}` }).waitFor();
    await expect(page.evaluate('window.sameDocument')).resolves.toBe(true);
    await shoot('live');
  });

  it("opens an aggregate's history from the board", async () => {
    await view('Board').click();
    await page.locator('article[data-package="israel-security-supplemental"]').getByRole('link', { name: 'package' }).click();
    await page.getByRole('heading', { name: 'History of package-israel-security-supplemental' }).waitFor();
    // The heading shows at once; the events arrive with the answer to /streams/…/events: wait for them.
    const events = page.getByRole('list', { name: 'Events of package-israel-security-supplemental' }).locator(':scope > li');
    await events.first().waitFor();
    await expect(events.locator('strong').allTextContents()).resolves.toEqual([
      'PackageProposed',
      'PackageBundled',
      'ComponentAdded',
      'ComponentProposed',
      'PackageAttachedToBill',
      'LegislativeActionRecorded',
      'LegislativeActionRecorded',
    ]);
    await shoot('history');
  });

  it('answers / with a page that says how to build the dashboard when it is not built, and the API still works', async () => {
    const app = await createApi(service.ledger, { webRoot: join(SCREENSHOTS, 'no-such-build') });
    await app.listen(0, '127.0.0.1');
    try {
      const url = await app.getUrl();
      const root = await fetch(`${url}/`);
      expect(root.status).toBe(503);
      expect(await root.text()).toContain('npm run build:web');
      expect((await fetch(`${url}/negotiations`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
