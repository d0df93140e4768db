import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApi, defaultWebRoot } from '../../apps/api/src/bootstrap';
import { loadFixture, seedFixture } from '../../scripts/seed-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The dashboard as a person sees it, in headless Chromium (Debian's, driven by playwright-core):
 * the embedded service on a random port, seeded with the article and the H.R. 6126 story through
 * the public API. Screenshots of every view, at laptop and phone widths, go to
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

  const view = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name, exact: true });
  const shoot = async (name: string) => {
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

  beforeAll(async () => {
    if (!existsSync(join(defaultWebRoot(), 'index.html'))) throw new Error('the dashboard is not built: run npm run build:web (npm test builds it when missing)');
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
    await mkdir(SCREENSHOTS, { recursive: true });
    service = await startTestApp('browser_dashboard', 'embedded');
    const article = await seedFixture(service.url, await fixture('article-2023-10-13.json'));
    expect(article.ok).toBe(true);
    // More sources on the corridor, and a dispute of the report, before the story moves on.
    const containers = (value: number, qualifier: string, countingSince: string) => ({ value, unit: 'containers', qualifier, countingSince });
    const estimates = [
      { quantity: containers(1500, 'approx', '2023-08-20'), ...fact('2023-10-20', 'Reuters', 'alleged') },
      { quantity: containers(1300, 'at_least', '2023-08-01'), ...fact('2023-10-05', 'South Korea NIS') },
      { quantity: containers(2500, 'at_least', '2023-08-01'), ...fact('2023-11-01', 'South Korea NIS') },
      { quantity: containers(2000, 'at_least', '2023-09-07'), ...fact('2023-11-02', 'The White House', 'assessed') },
    ];
    for (const estimate of estimates) {
      expect((await service.api.post('/shipments/kp-ru-2023-09/estimates', { category: 'military_equipment_and_munitions', ...estimate })).status).toBe(201);
    }
    const dispute = { claim: 'the transfer', counterClaim: 'no arms went to Russia', disputedBy: { country: 'RU' }, ...fact('2023-10-14', 'Kremlin', 'confirmed') };
    const last = await service.api.post('/shipments/kp-ru-2023-09/disputes', dispute);
    expect(last.status).toBe(201);
    const page0 = await service.api.get(`/events?after=${last.body.position - 1}&limit=1`);
    articleKnownAt = secondAfter(page0.body.events[0].recordedAt);
    // The legislative story is learned after that second.
    while (Date.now() <= articleKnownAt.instant + 20) await new Promise((resolve) => setTimeout(resolve, 25));
    expect((await seedFixture(service.url, await fixture('israel-supplemental-hr6126.json'))).ok).toBe(true);

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
    await shoot('board');
  });

  it('charts each corridor with one series per source, its counting start and the dispute on the figure it disputes', async () => {
    await view('Corridors').click();
    const corridor = page.locator('article[data-corridor="KP-RU"]');
    await corridor.getByRole('heading', { name: 'North Korea → Russia' }).waitFor();
    const legend = corridor.getByRole('list', { name: 'Sources of the containers figures' });
    await legend.locator('li', { hasText: 'South Korea NIS' }).waitFor();
    await expect(legend.locator('li strong').allTextContents()).resolves.toEqual(['The White House', 'Reuters', 'South Korea NIS']);
    const chart = corridor.locator('figure svg').first();
    await expect(chart.getAttribute('aria-label')).resolves.toBe('containers from North Korea to Russia: 3 sources, one line each');
    await expect(chart.locator('g[aria-description="estimates"] path').count()).resolves.toBe(3);
    await expect(chart.locator('g[aria-description="counting starts"] line').count()).resolves.toBe(3);
    await expect(chart.locator('g[aria-description="disputes"] [aria-label]').getAttribute('aria-label')).resolves.toContain('Russia disputes the transfer');
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
    await expect(page.locator('article[data-package]').count()).resolves.toBe(2);
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
