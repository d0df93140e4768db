/**
 * npm run bench:rebuild -- [--mode embedded|production] [--events 20000] [--stream-length 1]
 *
 * Events per second a rebuild replays (npm run projections:rebuild): the corridors read model
 * rebuilt from a log of shipment streams into shadow tables, then swapped in. Each stream is a
 * ShipmentReported event, then new estimates up to `--stream-length` events; with the default of
 * one event per stream each event is a row of the read model, the costly case.
 */
import { rebuildProjection, shipmentCorridorsProjection } from '@policy-ledger/projections';
import type { NewEvent } from '@policy-ledger/event-store';
import { closeBenchLedger, openBenchLedger, option, runBench, shipmentEvent } from './bench-ledger';

async function main(): Promise<void> {
  const mode = option('mode', 'embedded');
  const total = Number(option('events', '20000'));
  const length = Math.max(1, Number(option('stream-length', '1')));
  const ledger = await openBenchLedger(mode, 'rebuild');
  try {
    const streams = Math.ceil(total / length);
    for (let first = 0; first < streams; first += 100) {
      const writes = Array.from({ length: Math.min(100, streams - first) }, (_, i) => ({
        streamId: `shipment-bench-${first + i}`,
        streamType: 'shipment',
        expectedVersion: 0,
        events: Array.from({ length }, (_, version) => (version === 0 ? shipmentEvent(first + i) : estimateEvent(version))),
      }));
      await ledger.store.appendMany(writes);
    }
    const shape = length === 1 ? 'one stream each' : `streams of ${length}`;
    console.log(`${mode}: rebuilding shipment-corridors from ${streams * length} events (${shape}), node ${process.version}`);
    const result = await rebuildProjection(ledger.db, shipmentCorridorsProjection);
    console.log(`${result.events} events in ${result.seconds.toFixed(1)} s: ${result.eventsPerSecond} events/s`);
  } finally {
    await closeBenchLedger(ledger);
  }
}

/** A later event of a shipment stream: a new estimate (about 300 bytes). */
function estimateEvent(version: number): NewEvent {
  const occurredAt = { from: '2023-10-13', precision: 'day' } as const;
  return {
    type: 'ShipmentEstimateUpdated',
    schemaVersion: 1,
    metadata: { recordedBy: 'bench', correlationId: `bench-estimate-${version}`, causationId: null },
    occurredAt,
    data: {
      category: 'munitions',
      quantity: { value: 1000 + 100 * version, unit: 'containers', qualifier: 'at_least', countingSince: '2023-09-07' },
      occurredAt,
      reportedAt: '2023-10-13',
      sources: [{ publisher: 'The White House', sourceClass: 'intelligence_disclosure' }],
      confidence: 'assessed',
    },
  };
}

runBench(main);
