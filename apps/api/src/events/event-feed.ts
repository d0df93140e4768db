import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppendSignal } from '@policy-ledger/event-store';
import type { Ledger } from '@policy-ledger/runtime';
import { LEDGER } from '../ledger.token';
import { SseConnection } from './sse';

/**
 * What the API's event streams share: one LISTEN for appends, however many clients, and the open
 * connections, which end when the app closes (an open stream would otherwise hold the server).
 */
@Injectable()
export class EventFeed implements OnModuleDestroy {
  readonly appends: AppendSignal;
  private readonly connections = new Set<SseConnection>();

  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {
    this.appends = new AppendSignal(ledger.db);
  }

  get heartbeatMs(): number {
    return this.ledger.config.SSE_HEARTBEAT_SECONDS * 1000;
  }

  /** Runs `pump` on a new text/event-stream response until it returns or the client leaves. */
  stream(reply: Parameters<typeof SseConnection.open>[0], pump: (connection: SseConnection) => Promise<void>): void {
    const connection = SseConnection.open(reply, this.heartbeatMs);
    this.connections.add(connection);
    void pump(connection)
      .catch((error: unknown) => {
        // The client reconnects (with Last-Event-ID) and goes on from where it was.
        this.ledger.logger.warn({ err: error }, 'event stream failed; closing it');
      })
      .finally(() => {
        connection.end();
        this.connections.delete(connection);
      });
  }

  async onModuleDestroy(): Promise<void> {
    for (const connection of this.connections) connection.end();
    await this.appends.close();
  }
}
