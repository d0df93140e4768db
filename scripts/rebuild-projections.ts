/**
 * npm run projections:rebuild [-- <projection>]
 * Replays the log into shadow tables and swaps them in atomically, while the service keeps
 * answering and projecting. A progress bar shows events/s and the ETA. Same environment as the
 * service (DATABASE_URL + KAFKA_BROKERS, or DATA_DIR embedded: stop the embedded service first,
 * PGlite serves one process).
 */
import { rebuildProjection } from '@policy-ledger/projections';
import { ConfigError } from '@policy-ledger/runtime';
import { openToolLedger, selectProjections } from './projection-tool';
import { Presets, SingleBar } from 'cli-progress';

async function main(): Promise<void> {
  const selected = selectProjections(process.argv[2]);
  const ledger = await openToolLedger('rebuild');
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
