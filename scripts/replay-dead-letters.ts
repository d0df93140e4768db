/**
 * npm run projections:replay-dead-letters [-- <projection>]
 * After a fix is deployed: applies each projection's dead-lettered events again, from the event
 * store, in position order, and marks them replayed. Same environment as the service
 * (DATABASE_URL + KAFKA_BROKERS, or DATA_DIR embedded: stop the embedded service first, PGlite
 * serves one process). Exits 1 when a dead letter fails again.
 */
import { readProjectionStatuses, replayDeadLetters } from '@policy-ledger/projections';
import { ConfigError } from '@policy-ledger/runtime';
import { openToolLedger, selectProjections } from './projection-tool';

async function main(): Promise<void> {
  const selected = selectProjections(process.argv[2]);
  const ledger = await openToolLedger('replay');
  let failed = 0;
  try {
    for (const projection of selected) {
      const outcome = await replayDeadLetters(ledger.db, projection);
      failed += outcome.failed.length;
      console.log(
        `${projection.name}: replayed ${outcome.replayed.length}` +
          (outcome.replayed.length > 0 ? ` (positions ${outcome.replayed.join(', ')})` : '') +
          (outcome.failed.length > 0 ? `; failed again: ${outcome.failed.map((f) => `${f.position} (${f.reason})`).join('; ')}` : '') +
          (outcome.waiting.length > 0 ? `; still waiting behind them: ${outcome.waiting.join(', ')}` : ''),
      );
    }
    const { projections: statuses } = await readProjectionStatuses(ledger.db, selected.map((p) => p.name));
    for (const status of statuses) console.log(`${status.name}: ${status.state}${status.reason ? ` (${status.reason})` : ''}`);
  } finally {
    await ledger.close();
  }
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
