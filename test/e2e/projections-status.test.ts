import { projections, registerProjection } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { dprkShipment, ukraineAidRequest } from '@policy-ledger/testing';
import { readSse } from '../support/sse-client';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Mode } from '../support/test-ledger';

interface Status {
  name: string;
  position: number;
  head: number;
  lag: { events: number; seconds: number };
  state: string;
  deadLetters: number;
}

const modes: Mode[] = ['production', 'embedded'];

describe.each(modes)('projection status over HTTP in the %s mode', (mode) => {
  let ledger: Ledger;
  let baseUrl: string;
  let api: TestApp['api'];
  const names = projections.map((projection) => projection.name).sort();

  let service: TestApp;
  beforeAll(async () => {
    service = await startTestApp(`e2e_projections_${mode}`, mode);
    ({ ledger, url: baseUrl, api } = service);
  });
  afterAll(async () => service?.close());

  it('reports every projection live and caught up with the head once it has applied the writes', async () => {
    const { body } = await api.post('/shipments', { id: 'kp-ru', ...dprkShipment });
    const deadline = Date.now() + 20_000;
    let status = await api.get('/projections');
    while (status.body.projections.some((p: Status) => p.position < body.position) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await api.get('/projections');
    }
    expect(status.status).toBe(200);
    expect(status.body.head).toBe(body.position);
    expect(status.body.projections.map((p: Status) => p.name)).toEqual(names);
    for (const projection of status.body.projections) {
      expect(projection).toEqual({ name: projection.name, position: body.position, head: body.position, lag: { events: 0, seconds: 0 }, state: 'live', deadLetters: 0 });
    }
  });

  it('streams the status as Server-Sent Events, again when it changes', async () => {
    const heads: number[] = [];
    let posted = false;
    await readSse(
      `${baseUrl}/projections/stream`,
      (message) => {
        expect(message.event).toBe('projections');
        const status = JSON.parse(message.data) as { head: number; projections: Status[] };
        expect(status.projections.map((p) => p.name)).toEqual(names);
        heads.push(status.head);
        if (!posted) {
          posted = true;
          void api.post('/aid-requests', { id: 'ua-24b', ...ukraineAidRequest });
        }
        return heads.at(-1) !== heads[0];
      },
      { timeoutMs: 15_000 },
    );
    expect(heads.at(-1)).toBeGreaterThan(heads[0] ?? 0);
  });

  it('shows the lag, in events and seconds, of a projection that stands behind the head', async () => {
    // A read model whose projector never ran: its checkpoint stays at 0 while the ledger moves on.
    await registerProjection(ledger.db, 'test-idle');
    const { body } = await api.get('/projections');
    const idle = body.projections.find((p: Status) => p.name === 'test-idle');
    expect(idle).toMatchObject({ position: 0, head: body.head, lag: { events: body.head }, state: 'live' });
    expect(idle.lag.seconds).toBeGreaterThan(0);
  });
});
