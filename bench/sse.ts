/**
 * npm run bench:sse -- [--mode embedded|production] [--events 20000] [--clients 1,4]
 *
 * Events per second one SSE client receives from GET /events/stream while it catches up from
 * position 0 (the API and the client in this process, over loopback), with 1 and then several
 * clients at once. Embedded: PGlite in a temporary folder. Production: a database of its own,
 * `policy_ledger_bench` on the local PostgreSQL (recreated), and the local Kafka (not used here).
 */
import 'reflect-metadata';
import { createApi } from '../apps/api/src/bootstrap';
import { SseParser } from '../test/support/sse-client';
import { closeBenchLedger, openBenchLedger, option, runBench, shipmentEvent } from './bench-ledger';

/** Reads the stream from the start until `count` events arrived; returns the seconds it took. */
async function catchUp(url: string, count: number): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${url}/events/stream?after=0`);
  if (!response.body) throw new Error(`no stream: ${response.status}`);
  const parser = new SseParser();
  const decoder = new TextDecoder();
  let received = 0;
  for await (const chunk of response.body) {
    received += parser.push(decoder.decode(chunk as Uint8Array, { stream: true })).length;
    if (received >= count) break;
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  const mode = option('mode', 'embedded');
  const total = Number(option('events', '20000'));
  const clientCounts = option('clients', '1,4').split(',').map(Number);
  const ledger = await openBenchLedger(mode, 'sse');
  const perAppend = 100;
  for (let stream = 0; stream * perAppend < total; stream++) {
    const events = Array.from({ length: Math.min(perAppend, total - stream * perAppend) }, (_, i) => shipmentEvent(stream * perAppend + i));
    await ledger.store.append(`shipment-bench-${stream}`, 'shipment', 0, events);
  }
  const app = await createApi(ledger);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  console.log(`${mode}: ${total} events of about 1 KB, node ${process.version}`);
  try {
    await catchUp(url, Math.min(total, 1000)); // warm-up
    for (const clients of clientCounts) {
      const seconds = await Promise.all(Array.from({ length: clients }, () => catchUp(url, total)));
      const rates = seconds.map((s) => Math.round(total / s));
      const slowest = Math.min(...rates);
      console.log(`${clients} client(s) catching up: ${slowest} events/s per client (slowest; all: ${rates.join(', ')}), ${Math.round(total * clients / Math.max(...seconds))} events/s in all`);
    }
  } finally {
    await closeBenchLedger(ledger, app);
  }
}

runBench(main);
