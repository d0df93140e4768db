import { ConfigError, createLogger, Ledger, loadConfig } from '@policy-ledger/runtime';

/** The projector on its own, for the production mode: Kafka consumer groups -> read models. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.mode === 'embedded') {
    throw new ConfigError([
      'the projector runs on its own only in the production mode: set DATABASE_URL and KAFKA_BROKERS (in the embedded mode `npm start` runs it inside the API process)',
    ]);
  }
  const logger = createLogger(config.LOG_LEVEL, 'policy-ledger-projector', config.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'));
  const ledger = await Ledger.open(config, logger, 'projector');
  await ledger.startProjector();
  logger.info({ data: ledger.location }, 'projector running');
  const shutdown = () => void ledger.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
