import { dprkShipment } from '@policy-ledger/testing';
import { createApi } from '../../apps/api/src/bootstrap';
import { apiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { openTestLedger } from '../support/test-ledger';

const fact = { occurredAt: { from: '2023-11-02', precision: 'day' }, sources: [{ publisher: 'NIS', sourceClass: 'intelligence_disclosure' }], confidence: 'assessed' };
const estimate = (value: number) => ({ category: 'munitions', quantity: { value, unit: 'containers', qualifier: 'at_least' }, ...fact });

describe('Idempotency-Key: a retry never duplicates a fact', () => {
  let service: TestApp;
  const events = async (streamId: string) => (await service.ledger.store.readStream(streamId)).events;
  beforeAll(async () => {
    service = await startTestApp('e2e_idempotency', 'production', { apiOnly: true });
    await service.api.post('/shipments', { id: 'kp-ru', ...dprkShipment });
  });
  afterAll(async () => service?.close());

  it('answers a retry with the first answer again (status, body, Location, position) and stores nothing', async () => {
    const first = await service.api.post('/shipments/kp-ru/estimates', estimate(2000), { 'idempotency-key': 'estimate-1' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const retry = await service.api.post('/shipments/kp-ru/estimates', estimate(2000), { 'idempotency-key': 'estimate-1' });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect([retry.headers.get('location'), retry.headers.get('etag')]).toEqual([first.headers.get('location'), first.headers.get('etag')]);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await events('shipment-kp-ru')).filter((e) => e.type === 'ShipmentEstimateUpdated')).toHaveLength(1);
  });

  it('answers a creating command retried with its first answer, not "already reported"', async () => {
    const first = await service.api.post('/shipments', { id: 'kp-ru-2', ...dprkShipment }, { 'idempotency-key': 'report-kp-ru-2' });
    const retry = await service.api.post('/shipments', { id: 'kp-ru-2', ...dprkShipment }, { 'idempotency-key': 'report-kp-ru-2' });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
  });

  it('answers the same key with another body 422, and stores nothing', async () => {
    const before = (await events('shipment-kp-ru')).length;
    const reused = await service.api.post('/shipments/kp-ru/estimates', estimate(9999), { 'idempotency-key': 'estimate-1' });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'idempotency-key-reused', rule: 'idempotency-key-reused', key: 'estimate-1' });
    expect((await events('shipment-kp-ru')).length).toBe(before);
  });

  it('keeps keys apart per API key: another client may use the same key for its own request', async () => {
    const mine = await service.as('reporter').post('/shipments/kp-ru/disputes', { claim: 'the count', counterClaim: 'fewer', disputedBy: { country: 'RU' }, ...fact }, { 'idempotency-key': 'shared' });
    const theirs = await service.as('editor').post('/shipments/kp-ru/disputes', { claim: 'the count', counterClaim: 'more', disputedBy: { country: 'UA' }, ...fact }, { 'idempotency-key': 'shared' });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.position).not.toBe(mine.body.position);
  });

  it('stores one event for many copies of a request sent at once: each answered with the first answer or 409 while it is in flight', async () => {
    const before = (await events('shipment-kp-ru')).length;
    const copies = await Promise.all(Array.from({ length: 6 }, () => service.api.post('/shipments/kp-ru/estimates', estimate(3000), { 'idempotency-key': 'estimate-burst' })));
    expect(copies.every((copy) => copy.status === 201 || (copy.status === 409 && copy.body.code === 'idempotency-key-in-flight'))).toBe(true);
    const created = copies.filter((copy) => copy.status === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((copy) => copy.body.position)).size).toBe(1);
    expect((await events('shipment-kp-ru')).length).toBe(before + 1);
  });

  it('answers a retry sent to another API process from the database', async () => {
    const first = await service.api.post('/shipments/kp-ru/estimates', estimate(4000), { 'idempotency-key': 'estimate-elsewhere' });
    const other = await openTestLedger('e2e_idempotency', { reopen: true });
    const app = await createApi(other);
    await app.listen(0, '127.0.0.1');
    try {
      const retry = await apiClient(await app.getUrl(), service.keys.editor).post('/shipments/kp-ru/estimates', estimate(4000), { 'idempotency-key': 'estimate-elsewhere' });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
    } finally {
      await app.close();
      await other.close();
    }
  });

  it('forgets keys once they expire', async () => {
    await service.ledger.db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'estimate-1'`);
    expect(await service.ledger.idempotency.find('test-editor', 'estimate-1')).toBeNull();
    expect(await service.ledger.idempotency.sweep()).toBe(1);
    const again = await service.api.post('/shipments/kp-ru/estimates', estimate(2000), { 'idempotency-key': 'estimate-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers a malformed key 400', async () => {
    const bad = await service.api.post('/shipments/kp-ru/estimates', estimate(1), { 'idempotency-key': 'a key with spaces' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });
});
