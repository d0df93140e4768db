import type { Database } from '@policy-ledger/event-store';
import { allTopics, ensureTopics, startEventConsumer, type TopicSettings } from '@policy-ledger/messaging';
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { applyOnce, registerProjection } from './checkpoints/checkpoints.repository';
import type { Projection } from './projection';

export interface ProjectorSettings {
  readonly topics: TopicSettings;
  /** Each projection is its own consumer group: `<groupPrefix>.<projection name>`. */
  readonly groupPrefix: string;
}

/**
 * Keeps the read models: one consumer group per projection, each reading every topic (so its
 * checkpoint sees every global position) and applying each event once.
 */
export class Projector {
  private consumers: Consumer[] = [];

  constructor(
    private readonly db: Database,
    private readonly kafka: Kafka,
    private readonly projections: readonly Projection[],
    private readonly settings: ProjectorSettings,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await ensureTopics(admin, this.settings.topics);
    } finally {
      await admin.disconnect();
    }
    for (const projection of this.projections) {
      await registerProjection(this.db, projection.name);
      const consumer = await startEventConsumer(
        this.kafka,
        { groupId: `${this.settings.groupPrefix}.${projection.name}`, topics: allTopics(this.settings.topics.prefix) },
        async (event) => void (await applyOnce(this.db, projection, event)),
        this.logger.child({ projection: projection.name }),
      );
      this.consumers.push(consumer);
      this.logger.info({ projection: projection.name }, 'projector: consuming');
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.disconnect()));
    this.consumers = [];
  }
}
