/**
 * npm run projections:rebuild [-- <projection>]
 * Replays the log into shadow tables and swaps them in atomically, while the service keeps
 * answering and projecting. A progress bar shows events/s and the ETA. Same environment as the
 * service (DATABASE_URL + KAFKA_BROKERS, or DATA_DIR embedded: stop the embedded service first,
 * PGlite serves one process).
 */
import { projections, rebuildProjection } from '@policy-ledger/projections';
import { ConfigError, createLogger, Ledger, loadConfig } from '@policy-ledger/runtime';
import { Presets, SingleBar } from 'cli-progress';

async function main(): Promise<void> {
  const name = process.argv[2];
  const selected = name === undefined ? projections : projections.filter((projection) => projection.name === name);
  if (selected.length === 0) {
    console.error(`no projection "${name}"; the projections are: ${projections.map((p) => p.name).join(', ')}`);
    process.exit(2);
  }
  const config = loadConfig(process.env);
  const ledger = await Ledger.open(config, createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, 'rebuild'), 'rebuild');
  try {
    for (const projection of selected) {
      const bar = new SingleBar(
        { format: `${projection.name.padEnd(20)} [{bar}] {percentage}% | {value}/{total} positions | {rate} events/s | ETA {eta_formatted} | {phase}`, hideCursor: true },
        Presets.shades_classic,
      );
      bar.start(1, 0, { rate: 0, phase: 'replaying' });
      const result = await rebuildProjection(ledger.db, projection, (progress) => {
        bar.setTotal(Math.max(progress.target, progress.position, 1));
        bar.update(progress.position, { rate: progress.eventsPerSecond, phase: progress.phase });
      });
      bar.stop();
      console.log(
        `${projection.name}: rebuilt from ${result.events} events in ${result.seconds.toFixed(1)} s (${result.eventsPerSecond} events/s); swapped in at position ${result.position}`,
      );
    }
  } finally {
    await ledger.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
