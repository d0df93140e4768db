import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Ledger } from '@policy-ledger/runtime';
import { createApi } from '../../apps/api/src/bootstrap';
import { apiClient } from '../support/api-client';
import { dprkShipment, ukraineAidRequest } from '@policy-ledger/testing';
import { testKeys } from '../support/test-app';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

/** The embedded service as `npm start` runs it: API, relay and projector in one process; its keys made on the first start. */
async function startEmbedded(key?: string): Promise<{ ledger: Ledger; app: NestFastifyApplication; api: ReturnType<typeof apiClient>; key: string }> {
  const ledger = await openTestLedger('embedded_restart', { mode: 'embedded', reopen: key !== undefined });
  const secret = key ?? (await testKeys(ledger)).reporter;
  ledger.startRelay();
  await ledger.startProjector();
  const app = await createApi(ledger);
  await app.listen(0, '127.0.0.1');
  return { ledger, app, api: apiClient(await app.getUrl(), secret), key: secret };
}

describe('the embedded mode across a restart', () => {
  let running: Awaited<ReturnType<typeof startEmbedded>> | undefined;
  afterAll(async () => {
    await running?.app.close();
    if (running) await dropTestLedger(running.ledger);
  });

  it('keeps what it accepted, and projects what it had not projected before it stopped', async () => {
    running = await startEmbedded();
    const shipment = await running.api.post('/shipments', { id: 'kp-ru', ...dprkShipment });
    expect(shipment.status).toBe(201);
    expect((await running.api.get(`/corridors?minPosition=${shipment.body.position}`)).body.corridors).toHaveLength(1);

    // Accepted just before the stop: the projector may not have applied it yet.
    const request = await running.api.post('/aid-requests', { id: 'ua-24b', ...ukraineAidRequest });
    expect(request.status).toBe(201);
    await running.app.close();
    await running.ledger.close();

    // The same key still works: keys are kept with the data.
    running = await startEmbedded(running.key);
    const corridors = await running.api.get('/corridors');
    expect(corridors.body.corridors[0]).toMatchObject({ supplier: 'KP', recipient: 'RU', shipmentIds: ['kp-ru'] });
    const aid = await running.api.get(`/aid-requests/ua-24b?minPosition=${request.body.position}`);
    expect(aid.status).toBe(200);
    expect(aid.body.aidRequest).toMatchObject({ status: 'requested', total: { amount: '24000000000', currency: 'USD' } });
    const again = await running.api.post('/shipments', { id: 'kp-ru', ...dprkShipment });
    expect(again.status).toBe(409);
  });
});
