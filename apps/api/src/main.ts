import 'reflect-metadata';
import { tracing } from './tracing';
import { ensureAdminKey } from '@policy-ledger/access';
import { ConfigError, createLogger, exitOnSignals, Ledger, loadConfig } from '@policy-ledger/runtime';
import { createApi, DOCS_PATH } from './bootstrap';

/**
 * The API and the outbox relay. In the embedded mode it runs the projector too: one process on
 * PGlite, with nothing else to install.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL, 'policy-ledger-api', config.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'));
  const started = Date.now();
  const ledger = await Ledger.open(config, logger, 'api');
  await firstAdminKey(ledger);
  ledger.startRelay();
  if (config.mode === 'embedded') await ledger.startProjector();
  const app = await createApi(ledger);
  await app.listen(config.PORT, config.HOST);
  const url = config.PORT === 0 ? await app.getUrl() : `http://${config.HOST}:${config.PORT}`;
  logger.info(
    {
      mode: config.mode,
      data: ledger.location,
      transport: ledger.transport.kind,
      url,
      docs: `${url}/${DOCS_PATH}`,
      startupMs: Date.now() - started,
    },
    config.mode === 'embedded'
      ? `policy-ledger (embedded: PGlite in ${ledger.location}, in-process transport) at ${url}, docs at ${url}/${DOCS_PATH}`
      : `policy-ledger (production: PostgreSQL + Kafka) at ${url}, docs at ${url}/${DOCS_PATH}`,
  );
  // Readiness says draining, the requests in flight finish, SSE streams end with a retry hint,
  // then the relay (after its batch), the projector, the transport and the pool; bounded.
  exitOnSignals(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
    ledger.health.drain();
    await app.close();
    await ledger.close();
    await tracing?.shutdown();
  });
}

/** On a first start (no API key at all), makes an admin key and writes its secret to a file, saying where. */
async function firstAdminKey(ledger: Ledger): Promise<void> {
  if (await ledger.keys.any()) return;
  const file = ledger.adminKeyFile;
  if (!file) {
    await ledger.close();
    throw new ConfigError(['ADMIN_KEY_FILE is required on a first start in the production mode: no API key exists yet, and the first admin key is written to that file (mode 0600)']);
  }
  if (await ensureAdminKey(ledger.keys, file)) ledger.logger.warn({ file }, `first start: made the admin key "admin"; its secret is in ${file} (keep it safe; make other keys with POST /admin/keys)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
