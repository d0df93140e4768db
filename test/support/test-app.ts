import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ROLES, type Role } from '@policy-ledger/access';
import type { Ledger } from '@policy-ledger/runtime';
import { createApi } from '../../apps/api/src/bootstrap';
import { apiClient } from './api-client';
import { dropTestLedger, type Mode, openTestLedger } from './test-ledger';

/** A key of each role, made for the test (secrets). */
export type TestKeys = Record<Role, string>;

export interface TestApp {
  readonly ledger: Ledger;
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly keys: TestKeys;
  /** The API as an editor's key sees it (it may record, retract, withdraw and correct). */
  readonly api: ReturnType<typeof apiClient>;
  /** The API with another key, or none. */
  as(role: Role | 'anonymous'): ReturnType<typeof apiClient>;
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
  const keys = await testKeys(ledger);
  const app = await createApi(ledger);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    ledger,
    app,
    url,
    keys,
    api: apiClient(url, keys.editor),
    as: (role) => apiClient(url, role === 'anonymous' ? undefined : keys[role]),
    async close() {
      await app.close();
      await dropTestLedger(ledger);
    },
  };
}

/** One key of each role, named test-<role>. */
export async function testKeys(ledger: Ledger): Promise<TestKeys> {
  const made = await Promise.all(ROLES.map(async (role) => [role, (await ledger.keys.create(`test-${role}`, role, null)).secret] as const));
  return Object.fromEntries(made) as TestKeys;
}
