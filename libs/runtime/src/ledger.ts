import {
  type Database,
  type EventStore,
  eventStoreMigration,
  migrate,
  type Migration,
  PgDatabase,
  PostgresEventStore,
} from '@policy-ledger/event-store';
import { createKafka, OutboxRelay, type TopicSettings } from '@policy-ledger/messaging';
import { Projector, projections, readModelsMigration } from '@policy-ledger/projections';
import { type Kafka, Partitioners } from 'kafkajs';
import type { Logger } from 'pino';
import type { Config } from './config';

/** Every schema change of the ledger, in order. */
export const migrations: readonly Migration[] = [eventStoreMigration, readModelsMigration];

/**
 * The ledger's infrastructure, built from config in one place: the database (migrated), the event
 * store, Kafka, and on demand the outbox relay and the projector.
 */
export class Ledger {
  private relay: OutboxRelay | undefined;
  private projector: Projector | undefined;

  private constructor(
    readonly config: Config,
    readonly db: Database,
    readonly store: EventStore,
    readonly kafka: Kafka,
    readonly logger: Logger,
  ) {}

  static async open(config: Config, logger: Logger, name: string): Promise<Ledger> {
    const db = new PgDatabase(config.DATABASE_URL, { application_name: `policy-ledger-${name}` });
    const applied = await migrate(db, migrations);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-${name}` }, logger);
    return new Ledger(config, db, new PostgresEventStore(db), kafka, logger);
  }

  get topics(): TopicSettings {
    return {
      prefix: this.config.KAFKA_TOPIC_PREFIX,
      partitions: this.config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
    };
  }

  startRelay(): OutboxRelay {
    this.relay ??= new OutboxRelay(
      this.db,
      this.kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner }),
      this.kafka.admin(),
      { topics: this.topics, batchSize: this.config.RELAY_BATCH_SIZE, idlePollMs: 1000, standbyRetryMs: 2000 },
      this.logger.child({ component: 'relay' }),
    );
    this.relay.start();
    return this.relay;
  }

  async startProjector(): Promise<Projector> {
    if (!this.projector) {
      this.projector = new Projector(
        this.db,
        this.kafka,
        projections,
        { topics: this.topics, groupPrefix: this.config.PROJECTOR_GROUP_PREFIX },
        this.logger.child({ component: 'projector' }),
      );
      await this.projector.start();
    }
    return this.projector;
  }

  async close(): Promise<void> {
    await this.projector?.stop();
    await this.relay?.stop();
    await this.db.close();
  }
}
