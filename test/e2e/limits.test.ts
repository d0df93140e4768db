import { connect } from 'node:net';
import { dprkShipment } from '@policy-ledger/testing';
import { apiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

const PER_ADDRESS = 5;
const PER_KEY = 8;

describe('limits on what one client may ask', () => {
  let service: TestApp;
  beforeAll(async () => {
    service = await startTestApp('e2e_limits', 'embedded', {
      apiOnly: true,
      env: { RATE_LIMIT_PER_ADDRESS: String(PER_ADDRESS), RATE_LIMIT_PER_KEY: String(PER_KEY), RATE_LIMIT_WINDOW_SECONDS: '60', REQUEST_TIMEOUT_SECONDS: '1', RESPONSE_MAX_MB: '1' },
    });
  });
  afterAll(async () => service?.close());

  it('counts requests per address without a key and per key with one, and answers 429 with Retry-After past the limit', async () => {
    const anonymous = service.as('anonymous');
    for (let i = 0; i < PER_ADDRESS; i++) expect((await anonymous.get('/projections')).status).toBe(200);
    const limited = await anonymous.get('/projections');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate-limited', client: 'address', limit: PER_ADDRESS, windowSeconds: 60 });

    // A key that is not valid counts as none: it cannot open a fresh allowance.
    const forged = await service.as('anonymous').get('/projections', { authorization: 'Bearer plk_forged' });
    expect(forged.status).toBe(429);

    // Each key has its own allowance, apart from the address it comes from.
    const reader = service.as('reader');
    for (let i = 0; i < PER_KEY; i++) expect((await reader.get('/projections')).status).toBe(200);
    const readerLimited = await reader.get('/projections');
    expect(readerLimited.status).toBe(429);
    expect(readerLimited.body).toMatchObject({ code: 'rate-limited', client: 'key', limit: PER_KEY });
    expect((await service.as('editor').get('/projections')).status).toBe(200);

    // Probes are never limited, whoever sends them.
    for (const path of ['/health', '/health/live', '/health/ready', '/metrics']) expect((await fetch(`${service.url}${path}`)).status).not.toBe(429);
  });

  it('cuts off a client that trickles its request, after REQUEST_TIMEOUT_SECONDS', async () => {
    const { port } = new URL(service.url);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        const head = ['POST /shipments HTTP/1.1', 'Host: localhost', `Authorization: Bearer ${service.keys.admin}`, 'Content-Type: application/json', 'Content-Length: 1000'];
        socket.write(`${head.join('\r\n')}\r\n\r\n{"id":`);
      });
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
      setTimeout(() => reject(new Error('the server kept the connection open')), 10_000).unref();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses an answer larger than RESPONSE_MAX_MB with a 400 that says to ask for less', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ path: '/shipments', body: { id: `big-${i}`, ...dprkShipment } }));
    const imported = await fetch(`${service.url}/imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${service.keys.admin}` },
      body: lines.join('\n'),
    });
    expect(JSON.parse((await imported.text()).trim().split('\n').at(-1) as string).summary).toMatchObject({ created: 1000 });

    const admin = apiClient(service.url, service.keys.admin);
    const tooLarge = await admin.get('/events?limit=1000');
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.headers.get('content-type')).toContain('application/problem+json');
    expect(tooLarge.body).toMatchObject({ code: 'response-too-large', errors: [{ field: 'limit', rule: 'response-too-large' }] });
    expect((await admin.get('/events?limit=100')).status).toBe(200);
  });
});
