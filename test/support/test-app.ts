import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Ledger } from '@policy-ledger/runtime';
import { createApi } from '../../apps/api/src/bootstrap';
import { apiClient } from './api-client';
import { dropTestLedger, type Mode, openTestLedger } from './test-ledger';

export interface TestApp {
  readonly ledger: Ledger;
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly api: ReturnType<typeof apiClient>;
  /** Stops the API and removes the ledger's database or data folder. */
  close(): Promise<void>;
}

/**
 * The whole service for one test file, as `npm start` runs it: API, relay and projector (or the
 * API alone, with `apiOnly`).
 */
export async function startTestApp(name: string, mode: Mode, options: { env?: Record<string, string>; apiOnly?: boolean } = {}): Promise<TestApp> {
  const ledger = await openTestLedger(name, { mode, env: options.env });
  if (!options.apiOnly) {
    ledger.startRelay();
    await ledger.startProjector();
  }
  const app = await createApi(ledger);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    ledger,
    app,
    url,
    api: apiClient(url),
    async close() {
      await app.close();
      await dropTestLedger(ledger);
    },
  };
}
