import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { LedgerMetrics } from '@policy-ledger/observability';
import { HttpDrain } from '../operations/http-drain';
import { SseConnection } from './sse';

/** How the API's event streams behave. */
export class SseSettings {
  constructor(readonly heartbeatMs: number) {}
}

/**
 * The open Server-Sent Event connections of the API. When the app closes, the drain ends them
 * after the requests in flight, with a `retry:` hint (an open stream would otherwise hold the
 * server); `policy_ledger_sse_clients` counts them.
 */
@Injectable()
export class EventFeed implements OnApplicationShutdown {
  private readonly connections = new Set<SseConnection>();
  private readonly logger = new Logger('sse');

  constructor(
    private readonly settings: SseSettings,
    private readonly metrics: LedgerMetrics,
    private readonly drain: HttpDrain,
  ) {}

  /** Runs `pump` on a new text/event-stream response until it returns or the client leaves. */
  stream(reply: Parameters<typeof SseConnection.open>[0], pump: (connection: SseConnection) => Promise<void>): void {
    const connection = SseConnection.open(reply, this.settings.heartbeatMs);
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
        untrack();
        this.metrics.sseClosed();
      });
  }

  /** Whatever the drain left open (it closes every stream first). */
  onApplicationShutdown(): void {
    for (const connection of this.connections) connection.end();
  }
}
