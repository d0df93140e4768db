import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { LedgerMetrics } from '@policy-ledger/observability';
import type { FastifyReply } from 'fastify';
import { HttpDrain } from '../operations/http-drain';
import { SSE_HEARTBEAT, SseConnection } from './sse';
import { clientOf } from '../http/limits';

/** How the API's event streams behave, and how many it keeps open. */
export class SseSettings {
  constructor(
    readonly heartbeatMs: number,
    /** Streams open at once, in all and per client (an API key, or an address without one). */
    readonly maxConnections = 1000,
    readonly maxPerClient = 50,
    /** A client that reads nothing for this long is let go (it resumes from Last-Event-ID). */
    readonly slowReaderMs = 30_000,
  ) {}
}

/** More streams than allowed, in all or for this client: 429 (or 503 in all), try again later. */
export class TooManyStreamsError extends Error {
  constructor(
    readonly scope: 'client' | 'server',
    readonly limit: number,
  ) {
    super(scope === 'client' ? `this client has ${limit} event streams open already; close one first` : `the server has ${limit} event streams open already; try again shortly`);
    this.name = 'TooManyStreamsError';
  }
}

/**
 * The open Server-Sent Event connections of the API: capped in all and per client, kept alive by
 * one heartbeat timer for all of them (an idle connection costs nothing between heartbeats). When
 * the app closes, the drain ends them after the requests in flight, with a `retry:` hint (an open
 * stream would otherwise hold the server); `policy_ledger_sse_clients` counts them.
 */
@Injectable()
export class EventFeed implements OnApplicationShutdown {
  private readonly connections = new Set<SseConnection>();
  private readonly perClient = new Map<string, number>();
  private readonly logger = new Logger('sse');
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly settings: SseSettings,
    private readonly metrics: LedgerMetrics,
    private readonly drain: HttpDrain,
  ) {
    this.heartbeat = setInterval(() => this.beat(), Math.max(250, settings.heartbeatMs / 4));
    this.heartbeat.unref();
  }

  /** Runs `pump` on a new text/event-stream response until it returns or the client leaves. */
  stream(reply: FastifyReply, pump: (connection: SseConnection) => Promise<void>): void {
    const client = clientOf(reply.request);
    if (this.connections.size >= this.settings.maxConnections) throw new TooManyStreamsError('server', this.settings.maxConnections);
    const open = this.perClient.get(client) ?? 0;
    if (open >= this.settings.maxPerClient) throw new TooManyStreamsError('client', this.settings.maxPerClient);
    this.perClient.set(client, open + 1);
    const connection = SseConnection.open(reply, this.settings.slowReaderMs);
    this.connections.add(connection);
    this.metrics.sseOpened();
    const untrack = this.drain.track(connection);
    void pump(connection)
      .catch((error: unknown) => {
        // The client reconnects (with Last-Event-ID) and goes on from where it was.
        this.logger.warn(`event stream failed; closing it: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        connection.end();
        this.connections.delete(connection);
        const left = (this.perClient.get(client) ?? 1) - 1;
        if (left > 0) this.perClient.set(client, left);
        else this.perClient.delete(client);
        untrack();
        this.metrics.sseClosed();
      });
  }

  /** A comment to each connection that wrote nothing for a heartbeat interval. */
  private beat(): void {
    const due = Date.now() - this.settings.heartbeatMs;
    for (const connection of this.connections) if (connection.lastWrite <= due) void connection.write(SSE_HEARTBEAT);
  }

  /** Whatever the drain left open (it closes every stream first). */
  onApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    for (const connection of this.connections) connection.end();
  }
}
