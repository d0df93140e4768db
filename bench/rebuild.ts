/**
 * npm run bench:rebuild -- [--mode embedded|production] [--events 20000]
 *
 * Events per second a rebuild replays (npm run projections:rebuild): the corridors read model
 * rebuilt from a log of ShipmentReported events into shadow tables, then swapped in.
 */
import { rebuildProjection, shipmentCorridorsProjection } from '@policy-ledger/projections';
import { closeBenchLedger, openBenchLedger, option, runBench, shipmentEvent } from './bench-ledger';

async function main(): Promise<void> {
  const mode = option('mode', 'embedded');
  const total = Number(option('events', '20000'));
  const ledger = await openBenchLedger(mode, 'rebuild');
  try {
    for (let stream = 0; stream * 100 < total; stream++) {
      // One event per stream: each event is a row of the read model, the costly case.
      const writes = Array.from({ length: Math.min(100, total - stream * 100) }, (_, i) => ({
        streamId: `shipment-bench-${stream * 100 + i}`,
        streamType: 'shipment',
        expectedVersion: 0,
        events: [shipmentEvent(stream * 100 + i)],
      }));
      await ledger.store.appendMany(writes);
    }
    console.log(`${mode}: rebuilding shipment-corridors from ${total} events (one stream each), node ${process.version}`);
    const result = await rebuildProjection(ledger.db, shipmentCorridorsProjection);
    console.log(`${result.events} events in ${result.seconds.toFixed(1)} s: ${result.eventsPerSecond} events/s`);
  } finally {
    await closeBenchLedger(ledger);
  }
}

runBench(main);
