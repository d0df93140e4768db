import { startTestApp, type TestApp } from '../support/test-app';

/** Redocly's recommended ruleset over the document the app serves: errors and warnings, as "rule at pointer: message". */
async function lintOpenApi(document: unknown): Promise<string[]> {
  // ES module only: loaded with import(), which the test command allows (--experimental-vm-modules).
  const { createConfig, lintFromString } = await import('@redocly/openapi-core');
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
  return problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? ''}: ${p.message}`);
}

describe('the OpenAPI document', () => {
  let service: TestApp;
  beforeAll(async () => (service = await startTestApp('e2e_openapi', 'embedded', { apiOnly: true })));
  afterAll(async () => service?.close());

  it('passes Redocly\'s recommended lint rules with no error and no warning', async () => {
    const { status, body } = await service.api.get('/docs/openapi.json');
    expect(status).toBe(200);
    expect(await lintOpenApi(body)).toEqual([]);
    expect(body.servers).toEqual([{ url: '/', description: 'the server this document is served from' }]);
    const operations = Object.values(body.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((path) => Object.values(path).map((op) => op.operationId));
    expect(operations).toEqual(expect.arrayContaining(['AmendAidRequest', 'DetachFromBill', 'RecordBillAmounts', 'RecordAssessment']));
  });

  it('refuses a query parameter on a read that takes none, as every read does an unknown one', async () => {
    expect((await service.api.get('/health')).status).toBe(200);
    const bad = await service.api.get('/health?verbose=1');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'verbose', rule: 'unrecognized_key' })]);
  });
});
