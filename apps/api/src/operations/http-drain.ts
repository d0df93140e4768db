import { Inject, Injectable, Logger } from '@nestjs/common';
import { LedgerHealth } from '@policy-ledger/runtime';
import type { FastifyInstance } from 'fastify';
import { Server as NetServer } from 'node:net';

/** How long the API waits for the requests in flight when it closes. */
export class DrainSettings {
  constructor(readonly timeoutMs: number) {}
}

/** A long-lived response (an SSE stream): closed last, with a hint of when to reconnect. */
export interface OpenStream {
  close(retryMs: number): void;
}

/** What an SSE client is told to wait before it reconnects (to another instance, or this one restarted). */
export const SHUTDOWN_RETRY_MS = 2000;
/**
 * Once nothing is in flight, how long the API still waits for a request already on its way (sent
 * on a kept-alive connection by a client that has not seen the readiness change) before it closes
 * the connections: the window in which such a request is reset instead of answered is the time it
 * takes to reach the server, and this covers a busy client's.
 */
const QUIET_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Closes the HTTP server without losing a request (`app.close()` runs it, as Fastify's preClose):
 * readiness says `draining`; the server stops accepting connections but keeps those it has, so a
 * request already on its way on a kept-alive connection is still answered (with `Connection:
 * close`, by Fastify, which is told not to answer 503 while closing); the requests in flight
 * finish (at most `timeoutMs`); then the SSE streams end with a `retry:` hint, and the
 * connections left (idle keep-alive ones) are closed.
 *
 * Without it, `app.close()` under load hung for as long as Fastify's keep-alive timeout (72 s):
 * Node's `server.close()` closes the connections idle at that moment, but a connection whose
 * request was in flight stays open after its answer, kept alive for the next request that never
 * comes, and the server waits for it.
 */
@Injectable()
export class HttpDrain {
  private inFlight = 0;
  private readonly streams = new Set<OpenStream>();
  private drained: Promise<void> | undefined;
  private readonly logger = new Logger('shutdown');

  constructor(
    @Inject(DrainSettings) private readonly settings: DrainSettings,
    private readonly health: LedgerHealth,
  ) {}

  /** Counts requests in flight, and drains before the server closes. Called once, before the app listens. */
  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      this.inFlight += 1;
      reply.raw.once('close', () => (this.inFlight -= 1));
      done();
    });
    fastify.addHook('preClose', async () => this.drain(fastify));
  }

  /** Keeps a long-lived stream until it ends (call the function returned then); the drain closes it last. */
  track(stream: OpenStream): () => void {
    this.streams.add(stream);
    return () => this.streams.delete(stream);
  }

  /** Requests in flight, SSE streams aside. */
  get busy(): number {
    return Math.max(0, this.inFlight - this.streams.size);
  }

  drain(fastify: FastifyInstance): Promise<void> {
    this.drained ??= this.run(fastify);
    return this.drained;
  }

  private async run(fastify: FastifyInstance): Promise<void> {
    this.health.drain();
    const server = fastify.server;
    // Stop listening only: http.Server#close would also close the connections idle right now,
    // and a request already sent on one of them would be reset instead of answered.
    if (server.listening) NetServer.prototype.close.call(server);
    const deadline = Date.now() + this.settings.timeoutMs;
    for (let quietSince = 0; Date.now() < deadline; await sleep(10)) {
      if (this.busy > 0) quietSince = 0;
      else if (quietSince === 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= QUIET_MS) break;
    }
    const left = this.busy;
    if (left > 0) this.logger.warn(`${left} request(s) still in flight after ${this.settings.timeoutMs} ms; closing their connections`);
    for (const stream of [...this.streams]) stream.close(SHUTDOWN_RETRY_MS);
    server.closeIdleConnections();
    // The SSE streams' last bytes go out, then whatever is left is closed.
    for (const stop = Date.now() + 500; this.inFlight > 0 && Date.now() < stop; ) await sleep(10);
    server.closeAllConnections();
  }
}
