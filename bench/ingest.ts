/**
 * npm run bench:ingest -- [--mode embedded|production] [--commands 2000] [--concurrency 16]
 *
 * The whole service in this process (API, relay, projector; Kafka in production mode):
 * 0. appends/s of the event store alone (read the stream, append), the same concurrency, no HTTP;
 * 1. commands/s: `POST /aid-requests` (a new stream each) from concurrent clients over loopback;
 * 2. catch-up: how long after the burst until every projection has applied the last position;
 * 3. end-to-end lag: one command at a time, the time from sending it to reading it back with
 *    `?minPosition=` (HTTP -> event store -> transport -> projection -> HTTP), p50 and p95.
 */
import 'reflect-metadata';
import { projections, waitForPosition } from '@policy-ledger/projections';
import { createApi } from '../apps/api/src/bootstrap';
import { ukraineAidRequest } from '@policy-ledger/testing';
import { benchAuthorization, closeBenchLedger, openBenchLedger, option, percentile, runBench, shipmentEvent } from './bench-ledger';


async function post(url: string, id: string, auth: { authorization: string }): Promise<number> {
  const response = await fetch(`${url}/aid-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ id, ...ukraineAidRequest }),
  });
  if (response.status !== 201) throw new Error(`POST answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { position: number }).position;
}

async function main(): Promise<void> {
  const mode = option('mode', 'embedded');
  const total = Number(option('commands', '2000'));
  const concurrency = Number(option('concurrency', '16'));
  const ledger = await openBenchLedger(mode, 'ingest');
  ledger.startRelay();
  await ledger.startProjector();
  const app = await createApi(ledger);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const auth = await benchAuthorization(ledger);
  try {
    let appended = 0;
    const storeStarted = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (appended < total) {
          const streamId = `shipment-raw-${appended++}`;
          await ledger.store.readStream(streamId);
          await ledger.store.append(streamId, 'shipment', 0, [shipmentEvent(appended)]);
        }
      }),
    );
    const storeSeconds = Number(process.hrtime.bigint() - storeStarted) / 1e9;
    for (const projection of projections) await waitForPosition(ledger.db, projection.name, await ledger.store.headPosition(), 600_000);

    await post(url, 'warm-up', auth);
    let next = 0;
    let last = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) last = Math.max(last, await post(url, `burst-${next++}`, auth));
      }),
    );
    const burst = Number(process.hrtime.bigint() - started) / 1e9;
    for (const projection of projections) await waitForPosition(ledger.db, projection.name, last, 600_000);
    const caughtUp = Number(process.hrtime.bigint() - started) / 1e9;

    const lags: number[] = [];
    for (let i = 0; i < 50; i++) {
      const sent = process.hrtime.bigint();
      const position = await post(url, `lag-${i}`, auth);
      const read = await fetch(`${url}/aid-requests/lag-${i}?minPosition=${position}`);
      if (read.status !== 200) throw new Error(`read back answered ${read.status}`);
      lags.push(Number(process.hrtime.bigint() - sent) / 1e6);
    }
    lags.sort((a, b) => a - b);
    console.log(`${mode}: ${total} commands, ${concurrency} concurrent clients, node ${process.version}`);
    console.log(`event store alone: ${Math.round(total / storeSeconds)} appends/s`);
    console.log(`ingest over HTTP: ${Math.round(total / burst)} commands/s (${burst.toFixed(1)} s)`);
    console.log(`every projection caught up ${(caughtUp - burst).toFixed(1)} s after the burst ended`);
    console.log(`end-to-end lag, one command at a time: p50 ${percentile(lags, 50).toFixed(0)} ms, p95 ${percentile(lags, 95).toFixed(0)} ms`);
  } finally {
    await closeBenchLedger(ledger, app);
  }
}

runBench(main);
