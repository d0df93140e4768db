import 'reflect-metadata';
import { ConfigError, createLogger, Ledger, loadConfig } from '@policy-ledger/runtime';
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
  ledger.startRelay();
  if (config.mode === 'embedded') await ledger.startProjector();
  const app = await createApi(ledger);
  await app.listen(config.PORT, config.HOST);
  const url = `http://${config.HOST}:${config.PORT}`;
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
  const shutdown = async () => {
    await app.close();
    await ledger.close();
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
