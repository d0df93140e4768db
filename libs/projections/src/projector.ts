import type { StoredEvent } from '@policy-ledger/contracts';
import type { Database } from '@policy-ledger/event-store';
import type { EventSubscription, EventTransport } from '@policy-ledger/messaging';
import type { Logger } from 'pino';
import { projectionPosition, registerProjection } from './checkpoints/checkpoints.repository';
import { applyOrPark, clearFailure, recordDeadLetter, recordFailure } from './dead-letters/dead-letters.repository';
import type { Projection } from './projection';

/**
 * Keeps the read models: one subscriber per projection (with Kafka, a consumer group reading
 * every topic, so its checkpoint sees every global position), applying each event once. An
 * event that keeps failing is dead-lettered by the transport and recorded here; the projection
 * goes on with the next one.
 */
export class Projector {
  private subscriptions: EventSubscription[] = [];
  private readonly failing = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly transport: EventTransport,
    private readonly projections: readonly Projection[],
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    for (const projection of this.projections) {
      await registerProjection(this.db, projection.name);
      this.subscriptions.push(
        await this.transport.subscribe({
          name: projection.name,
          startAfter: () => projectionPosition(this.db, projection.name),
          handle: (event) => this.apply(projection, event),
          deadLetter: (letter) => recordDeadLetter(this.db, letter),
        }),
      );
      this.logger.info({ projection: projection.name, transport: this.transport.kind }, 'projector: subscribed');
    }
  }

  /**
   * Applies one event (or parks it behind its stream's dead letter), and keeps the projection's
   * failure in its checkpoint row while applying fails, for GET /projections.
   */
  private async apply(projection: Projection, event: StoredEvent): Promise<void> {
    try {
      await applyOrPark(this.db, projection, event);
    } catch (error) {
      this.failing.add(projection.name);
      const reason = error instanceof Error ? error.message : String(error);
      await recordFailure(this.db, projection.name, event.position, reason).catch(() => undefined);
      throw error;
    }
    if (this.failing.delete(projection.name)) await clearFailure(this.db, projection.name);
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.close()));
    this.subscriptions = [];
  }
}
