import type { Database } from '@policy-ledger/event-store';
import type { EventSubscription, EventTransport } from '@policy-ledger/messaging';
import type { Logger } from 'pino';
import { applyOnce, projectionPosition, registerProjection } from './checkpoints/checkpoints.repository';
import type { Projection } from './projection';

/**
 * Keeps the read models: one subscriber per projection (with Kafka, a consumer group reading
 * every topic, so its checkpoint sees every global position), applying each event once.
 */
export class Projector {
  private subscriptions: EventSubscription[] = [];

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
          handle: async (event) => void (await applyOnce(this.db, projection, event)),
        }),
      );
      this.logger.info({ projection: projection.name, transport: this.transport.kind }, 'projector: subscribed');
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.close()));
    this.subscriptions = [];
  }
}
