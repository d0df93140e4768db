import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SseConnection } from './sse';

/** How the API's event streams behave. */
export class SseSettings {
  constructor(readonly heartbeatMs: number) {}
}

/**
 * The open Server-Sent Event connections of the API, which end when the app closes (an open
 * stream would otherwise hold the server).
 */
@Injectable()
export class EventFeed implements OnModuleDestroy {
  private readonly connections = new Set<SseConnection>();
  private readonly logger = new Logger('sse');

  constructor(private readonly settings: SseSettings) {}

  /** Runs `pump` on a new text/event-stream response until it returns or the client leaves. */
  stream(reply: Parameters<typeof SseConnection.open>[0], pump: (connection: SseConnection) => Promise<void>): void {
    const connection = SseConnection.open(reply, this.settings.heartbeatMs);
    this.connections.add(connection);
    void pump(connection)
      .catch((error: unknown) => {
        // The client reconnects (with Last-Event-ID) and goes on from where it was.
        this.logger.warn(`event stream failed; closing it: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        connection.end();
        this.connections.delete(connection);
      });
  }

  onModuleDestroy(): void {
    for (const connection of this.connections) connection.end();
  }
}
