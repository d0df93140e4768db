import { join } from 'node:path';
import { loadFixture, seedFixture } from '../../scripts/seed-fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Mode } from '../support/test-ledger';

const modes: Mode[] = ['production', 'embedded'];
const fixture = (name: string) => loadFixture(join(__dirname, '..', 'fixtures', name));

describe.each(modes)('GET /negotiations/changes in the %s mode', (mode) => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp(`e2e_changes_${mode}`, mode);
  });
  afterAll(async () => service?.close());

  it('lists what changed on the board between two recorded times', async () => {
    const { api, url } = service;
    const article = await seedFixture(url, await fixture('article-2023-10-13.json'), undefined, { key: service.keys.reporter });
    expect(article.ok).toBe(true);
    const page = await api.get(`/events?after=${article.lastPosition - 1}&limit=1`);
    const articleKnown: string = page.body.events[0].recordedAt;
    const bill = await seedFixture(url, await fixture('israel-supplemental-hr6126.json'), undefined, { key: service.keys.reporter });
    expect(bill.ok).toBe(true);

    const since = await api.get(`/negotiations/changes?from=${encodeURIComponent(articleKnown)}`);
    expect(since.status).toBe(200);
    expect(since.body.from).toEqual({ asOf: articleKnown, position: article.lastPosition });
    expect(since.body.to.position).toBe(bill.lastPosition);
    const kinds = since.body.changes.map((c: { kind: string; packageId?: string }) => `${c.kind} ${c.packageId ?? ''}`.trim());
    expect(kinds).toEqual(
      expect.arrayContaining([
        'package-added israel-security-supplemental',
        'bill-changed israel-security-supplemental',
        'amount-changed israel-security-supplemental',
        'action-recorded israel-security-supplemental',
        'aid-request-added israel-security-supplemental',
        'position-recorded israel-security-supplemental',
      ]),
    );
    expect(since.body.changes).toContainEqual(
      expect.objectContaining({ kind: 'action-recorded', action: expect.objectContaining({ chamber: 'house', action: 'passed', vote: expect.objectContaining({ yea: 226, nay: 196 }) }) }),
    );
    // Nothing of the article's story changed after it was known.
    expect(since.body.changes.filter((c: { packageId?: string }) => c.packageId === 'ua-il-supplemental')).toEqual([]);

    const everything = await api.get(`/negotiations/changes?from=2000-01-01T00:00:00Z&to=${encodeURIComponent(articleKnown)}`);
    expect(everything.body.from.position).toBe(0);
    expect(everything.body.changes).toContainEqual(expect.objectContaining({ kind: 'package-added', packageId: 'ua-il-supplemental' }));
  });

  it('answers 400 naming the field for a bad date or a reversed range, and documents its query', async () => {
    const { api } = service;
    expect((await api.get('/negotiations/changes?from=yesterday')).body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    expect((await api.get('/negotiations/changes')).body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    const reversed = await api.get('/negotiations/changes?from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z');
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
    const docs = await api.get('/docs/openapi.json');
    const parameters = docs.body.paths['/negotiations/changes'].get.parameters.map((p: { name: string; in: string; required: boolean }) => [p.name, p.in, p.required]);
    expect(parameters).toEqual([
      ['from', 'query', true],
      ['to', 'query', false],
    ]);
  });
});
