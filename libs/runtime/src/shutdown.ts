import type { Logger } from 'pino';

/**
 * Runs `shutdown` on the first SIGTERM or SIGINT and exits 0 once it is done (1 if it failed). A
 * second signal, or `timeoutMs` passing first, ends the process at once with exit code 1.
 */
export function exitOnSignals(logger: Logger, timeoutMs: number, shutdown: (signal: NodeJS.Signals) => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'shutdown: second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    logger.info({ signal, timeoutMs }, 'shutdown: started');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown: not done in time, exiting now');
      process.exit(1);
    }, timeoutMs).unref();
    shutdown(signal).then(
      () => {
        logger.info({ ms: Date.now() - started }, 'shutdown: done');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown: failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
