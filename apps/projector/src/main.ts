import { ConfigError, createLogger, Ledger, loadConfig } from '@policy-ledger/runtime';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL, 'policy-ledger-projector');
  const ledger = await Ledger.open(config, logger, 'projector');
  await ledger.startProjector();
  const shutdown = () => void ledger.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
