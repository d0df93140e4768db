import { tracing } from './tracing';
import { ConfigError, createLogger, exitOnSignals, Ledger, loadConfig, serveOperations } from '@policy-ledger/runtime';

/**
 * The projector on its own, for the production mode: Kafka consumer groups -> read models, and a
 * small HTTP server for GET /metrics, /health/live and /health/ready (PROJECTOR_HOST:PROJECTOR_PORT).
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.mode === 'embedded') {
    throw new ConfigError([
      'the projector runs on its own only in the production mode: set DATABASE_URL and KAFKA_BROKERS (in the embedded mode `npm start` runs it inside the API process)',
    ]);
  }
  const logger = createLogger(config.LOG_LEVEL, 'policy-ledger-projector', config.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'));
  const ledger = await Ledger.open(config, logger, 'projector');
  const started = ledger.startProjector();
  const operations = await serveOperations({ host: config.PROJECTOR_HOST, port: config.PROJECTOR_PORT, metrics: ledger.metrics, health: ledger.health, logger });
  await started;
  logger.info({ data: ledger.location, operations: operations.url }, `projector running; metrics at ${operations.url}/metrics`);
  // Readiness says draining; the consumers commit what they applied and leave their groups; bounded.
  exitOnSignals(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
    ledger.health.drain();
    await ledger.close();
    await operations.close();
    await tracing?.shutdown();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
