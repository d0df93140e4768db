import { ensureAdminKey } from '@policy-ledger/access';
import { dprkShipment } from '@policy-ledger/testing';
import { readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

const fact = { occurredAt: { from: '2023-11-02', precision: 'day' }, sources: [{ publisher: 'Congress.gov', sourceClass: 'legislative_record' }], confidence: 'confirmed' };
const bill = { congress: 118, type: 'hr', number: 815 };

describe('who may write: API keys with roles', () => {
  let service: TestApp;
  beforeAll(async () => {
    service = await startTestApp('e2e_access', 'production');
  });
  afterAll(async () => service?.close());

  it('answers a write without a key, or with a bad one, 401 as problem+json, and stores nothing', async () => {
    const before = await service.ledger.log.head();
    const anonymous = await service.as('anonymous').post('/shipments', { id: 'a-1', ...dprkShipment });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    expect(anonymous.body).toMatchObject({ code: 'unauthorized' });
    const forged = await apiClient(service.url, 'plk_not-a-key').post('/shipments', { id: 'a-1', ...dprkShipment });
    expect(forged.status).toBe(401);
    // A bad key is refused even where none is needed.
    expect((await apiClient(service.url, 'plk_not-a-key').get('/negotiations')).status).toBe(401);
    expect(await service.ledger.log.head()).toBe(before);
  });

  it('gives each role its rights: reader reads, reporter records, editor also retracts and corrects; the key name is recordedBy', async () => {
    expect((await service.as('anonymous').get('/negotiations')).status).toBe(200);
    expect((await service.as('reader').post('/shipments', { id: 'a-2', ...dprkShipment })).body).toMatchObject({ status: 403, code: 'forbidden', role: 'reader', needed: 'reporter' });
    const reported = await service.as('reporter').post('/shipments', { id: 'a-2', ...dprkShipment }, { 'x-recorded-by': 'desk@example.org' });
    expect(reported.status).toBe(201);
    const { events } = await service.ledger.store.readStream('shipment-a-2');
    expect(events[0]?.metadata).toMatchObject({ recordedBy: 'test-reporter', onBehalfOf: 'desk@example.org' });

    const retraction = { reason: 'imagery misread', ...fact };
    expect((await service.as('reporter').post('/shipments/a-2/retraction', retraction)).body).toMatchObject({ status: 403, needed: 'editor' });
    expect((await service.as('editor').post('/shipments/a-2/retraction', retraction)).status).toBe(201);

    await service.as('reporter').post('/packages', { id: 'p-1', title: 'a package', sponsor: 'someone', ...fact });
    await service.as('reporter').post('/packages/p-1/bill', { bill, ...fact });
    expect((await service.as('reporter').post('/packages/p-1/legislative-actions', { bill, chamber: 'house', action: 'introduced', ...fact })).status).toBe(201);
    const correction = { bill, chamber: 'house', action: 'correction', note: 'date fixed', ...fact };
    expect((await service.as('reporter').post('/packages/p-1/legislative-actions', correction)).body).toMatchObject({ status: 403, needed: 'editor' });
    expect((await service.as('editor').post('/packages/p-1/legislative-actions', correction)).status).toBe(201);
  });

  it('lets an admin make, list and revoke keys; a secret is shown once, a revoked key stops working, a name is never reused', async () => {
    const admin = service.as('admin');
    expect((await service.as('editor').post('/admin/keys', { name: 'x', role: 'reader' })).status).toBe(403);
    const made = await admin.post('/admin/keys', { name: 'newsroom', role: 'reporter' });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ name: 'newsroom', role: 'reporter', secret: expect.stringMatching(/^plk_[A-Za-z0-9_-]{43}$/) });
    const newsroom = apiClient(service.url, made.body.secret);
    expect((await newsroom.post('/shipments', { id: 'a-3', ...dprkShipment })).status).toBe(201);

    const listed = await admin.get('/admin/keys');
    expect(listed.body.keys).toContainEqual(expect.objectContaining({ name: 'newsroom', role: 'reporter', createdBy: 'test-admin', lastUsedAt: expect.any(String), revokedAt: null }));
    expect(JSON.stringify(listed.body)).not.toContain(made.body.secret);

    expect((await admin.delete('/admin/keys/newsroom')).status).toBe(204);
    expect((await newsroom.post('/shipments', { id: 'a-4', ...dprkShipment })).status).toBe(401);
    expect((await admin.delete('/admin/keys/newsroom')).status).toBe(404);
    expect((await admin.post('/admin/keys', { name: 'newsroom', role: 'reader' })).body).toMatchObject({ status: 409, code: 'key.name-taken' });
    expect((await admin.post('/admin/keys', { name: 'Bad Name', role: 'king' })).body.errors.map((e: { field: string }) => e.field)).toEqual(['name', 'role']);
  });

  it('on a first start writes an admin key to a file of mode 0600, once', async () => {
    const file = join(tmpdir(), `policy-ledger-admin-key-${process.pid}`);
    await rm(file, { force: true });
    // This ledger has keys already: nothing is made.
    expect(await ensureAdminKey(service.ledger.keys, file)).toBe(false);
    await service.ledger.db.query('DELETE FROM api_keys');
    try {
      expect(await ensureAdminKey(service.ledger.keys, file)).toBe(true);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const secret = (await readFile(file, 'utf8')).trim();
      expect(await service.ledger.keys.authenticate(secret)).toEqual({ name: 'admin', role: 'admin' });
      expect(await ensureAdminKey(service.ledger.keys, file)).toBe(false);
    } finally {
      await rm(file, { force: true });
    }
  });
});

describe('reads behind keys (READ_ACCESS=key)', () => {
  let service: TestApp;
  beforeAll(async () => {
    service = await startTestApp('e2e_access_reads', 'embedded', { env: { READ_ACCESS: 'key' } });
  });
  afterAll(async () => service?.close());

  it('answers a read without a key 401, with any key 200; health stays public', async () => {
    expect((await service.as('anonymous').get('/negotiations')).status).toBe(401);
    expect((await service.as('reader').get('/negotiations')).status).toBe(200);
    expect((await service.as('anonymous').get('/health')).status).toBe(200);
  });
});
