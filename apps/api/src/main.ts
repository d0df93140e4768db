import 'reflect-metadata';
import { ConfigError, createLogger, Ledger, loadConfig } from '@policy-ledger/runtime';
import { createApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL, 'policy-ledger-api');
  const ledger = await Ledger.open(config, logger, 'api');
  ledger.startRelay();
  const app = await createApi(ledger);
  await app.listen(config.PORT, config.HOST);
  logger.info({ url: `http://${config.HOST}:${config.PORT}` }, 'api listening');
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
