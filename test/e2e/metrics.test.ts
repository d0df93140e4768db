import { projections } from '@policy-ledger/projections';
import { serveOperations, type OperationsServer } from '@policy-ledger/runtime';
import { dprkShipment } from '@policy-ledger/testing';
import { Scrape } from '../support/prometheus';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Mode } from '../support/test-ledger';

const modes: Mode[] = ['production', 'embedded'];
const names = projections.map((projection) => projection.name);

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(modes)('operating the %s mode: metrics and health', (mode) => {
  let service: TestApp;
  let operations: OperationsServer | undefined;
  let created: number[] = [];

  beforeAll(async () => {
    service = await startTestApp(`e2e_metrics_${mode}`, mode);
    const { api } = service;
    // Three created, then one of each refusal.
    created = [];
    for (const id of ['m-1', 'm-2', 'm-3']) created.push((await api.post('/shipments', { id, ...dprkShipment })).status);
    expect((await api.post('/shipments', { id: 'm-1', ...dprkShipment })).status).toBe(409);
    expect((await api.post('/shipments', { id: 'm-4', ...dprkShipment, recipient: 'KP' })).status).toBe(422);
    expect((await api.post('/shipments', { id: 'm-5', supplier: 'KP' })).status).toBe(400);
    const fact = { occurredAt: { from: '2023-11-02', precision: 'day' }, sources: [{ publisher: 'test', sourceClass: 'media' }], confidence: 'confirmed' };
    const leg = { leg: { mode: 'rail', from: { name: 'a', country: 'RU' }, to: { name: 'b', country: 'RU' } }, ...fact };
    expect((await api.post('/shipments/nope/legs', leg)).status).toBe(404);
  });
  afterAll(async () => {
    await operations?.close();
    await service?.close();
  });

  it('serves Prometheus text with the ledger metrics, and sensible values once the pipeline caught up', async () => {
    expect(created).toEqual([201, 201, 201]);
    const scrape = await eventually(
      () => Scrape.of(`${service.url}/metrics`),
      (s) => names.every((name) => s.value('policy_ledger_projection_lag_events', { projection: name }) === 0 && s.value('policy_ledger_projection_position', { projection: name }) === 3) && s.value('policy_ledger_outbox_pending') === 0,
    );
    // Default process metrics.
    expect(scrape.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(scrape.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    // HTTP: by route pattern and status.
    expect(scrape.family('http_request_duration_seconds').type).toBe('HISTOGRAM');
    expect(scrape.histogram('http_request_duration_seconds', { method: 'POST', route: '/shipments', status_code: '201' })?.count).toBe(3);
    expect(scrape.histogram('http_request_duration_seconds', { method: 'POST', route: '/shipments', status_code: '409' })?.count).toBe(1);
    expect(scrape.histogram('http_request_duration_seconds', { method: 'POST', route: '/shipments/:id/legs', status_code: '404' })?.count).toBe(1);
    expect(scrape.histogram('http_request_duration_seconds', { method: 'POST', route: '/shipments', status_code: '201' })?.sum).toBeGreaterThan(0);
    // Commands by type and outcome.
    expect(scrape.value('policy_ledger_commands_total', { command: 'ReportShipment', outcome: 'created' })).toBe(3);
    expect(scrape.value('policy_ledger_commands_total', { command: 'ReportShipment', outcome: 'conflict' })).toBe(1);
    expect(scrape.value('policy_ledger_commands_total', { command: 'ReportShipment', outcome: 'rule' })).toBe(1);
    expect(scrape.value('policy_ledger_commands_total', { command: 'ReportShipment', outcome: 'invalid' })).toBe(1);
    expect(scrape.value('policy_ledger_commands_total', { command: 'ReportShipmentLeg', outcome: 'not_found' })).toBe(1);
    // Appends: one per created command (the refused ones never reach the store); a few milliseconds, not seconds.
    const appends = scrape.histogram('policy_ledger_append_duration_seconds');
    expect(appends?.count).toBe(3);
    expect(appends?.sum).toBeGreaterThan(0);
    expect((appends?.sum ?? Infinity) / 3).toBeLessThan(2);
    // The outbox is empty and the relay has nothing waiting.
    expect(scrape.value('policy_ledger_outbox_pending')).toBe(0);
    expect(scrape.value('policy_ledger_relay_lag_seconds')).toBe(0);
    // Every projection caught up with the head, nothing dead-lettered, its events counted.
    for (const projection of names) {
      expect(scrape.value('policy_ledger_projection_position', { projection })).toBe(3);
      expect(scrape.value('policy_ledger_projection_lag_events', { projection })).toBe(0);
      expect(scrape.value('policy_ledger_projection_lag_seconds', { projection })).toBe(0);
      expect(scrape.value('policy_ledger_projection_dead_letters', { projection })).toBe(0);
    }
    expect(scrape.value('policy_ledger_projection_applied_events_total', { projection: 'shipment-corridors' })).toBeGreaterThanOrEqual(3);
    expect(scrape.value('policy_ledger_sse_clients')).toBe(0);
  });

  it('counts the open SSE clients', async () => {
    const abort = new AbortController();
    const response = await fetch(`${service.url}/events/stream?after=0`, { signal: abort.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    expect((await Scrape.of(`${service.url}/metrics`)).value('policy_ledger_sse_clients')).toBe(1);
    abort.abort();
    await reader.read().catch(() => undefined);
    const after = await eventually(() => Scrape.of(`${service.url}/metrics`), (s) => s.value('policy_ledger_sse_clients') === 0, 5000);
    expect(after.value('policy_ledger_sse_clients')).toBe(0);
  });

  it('is live and ready, with each check named; /health stays', async () => {
    const live = await service.api.get('/health/live');
    expect(live).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await eventually(() => service.api.get('/health/ready'), (r) => r.status === 200);
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.checks).toEqual({
      database: { ok: true },
      migrations: { ok: true },
      consumerGroups: { ok: true },
      ...(mode === 'production' ? { kafkaProducer: { ok: true } } : {}),
    });
    expect(await service.api.get('/health')).toMatchObject({ status: 200, body: { status: 'ok', position: 3 } });
  });

  it("serves the projector's /metrics and /health/* on a plain HTTP server", async () => {
    const { ledger } = service;
    operations = await serveOperations({ host: '127.0.0.1', port: 0, metrics: ledger.metrics, health: ledger.health, logger: ledger.logger });
    const scrape = await Scrape.of(`${operations.url}/metrics`);
    expect(scrape.value('policy_ledger_projection_position', { projection: 'negotiations-board' })).toBe(3);
    expect((await fetch(`${operations.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${operations.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { consumerGroups: { ok: true } } });
    expect((await fetch(`${operations.url}/nope`)).status).toBe(404);
  });
});
