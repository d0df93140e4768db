import {
  appendFunctionMigration,
  CommandExecutor,
  type Database,
  EventLog,
  IdempotencyKeys,
  type EventStore,
  eventStoreMigration,
  migrate,
  type Migration,
  PgDatabase,
  PgliteDatabase,
  PostgresEventStore,
  readRawEvents,
} from '@policy-ledger/event-store';
import { ApiKeys, apiKeysMigration } from '@policy-ledger/access';
import { createKafka, type EventTransport, InProcessTransport, KafkaTransport, OutboxRelay, readOutboxBacklog } from '@policy-ledger/messaging';
import { LedgerMetrics } from '@policy-ledger/observability';
import {
  deadLettersMigration,
  ProjectionMaintenance,
  Projector,
  projections,
  projectionStreamsMigration,
  ReadModels,
  readModelsMigration,
  rebuildsMigration,
  storyReadModelsMigration,
} from '@policy-ledger/projections';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config';
import { LedgerHealth } from './health';

/** Every schema change of the ledger, in order. */
export const migrations: readonly Migration[] = [eventStoreMigration, readModelsMigration, deadLettersMigration, storyReadModelsMigration, rebuildsMigration, appendFunctionMigration, projectionStreamsMigration, apiKeysMigration];

/**
 * The ledger's infrastructure, built from config in one place (the composition root). The mode
 * picks the adapters and nothing else: the database (PostgreSQL or PGlite) and the transport
 * (Kafka or in-process). Migrations, SQL, relay and projections are the same code in both. Apps
 * take the narrow parts they need from it (commands, read models, the event log), never the whole.
 */
export class Ledger {
  private relay: OutboxRelay | undefined;
  private projector: Projector | undefined;
  /** The write path: commands decided and appended. */
  readonly commands: CommandExecutor;
  /** The read side: every read model, read-your-writes, as-of. */
  readonly readModels: ReadModels;
  /** The log as subscribers read it: pages, live follow, stream histories. */
  readonly log: EventLog;
  /** Who may do what: the API keys. */
  readonly keys: ApiKeys;
  /** The answers of commands that came with an Idempotency-Key. */
  readonly idempotency: IdempotencyKeys;
  /** Rebuilds and dead-letter replays, from the running service. */
  readonly maintenance: ProjectionMaintenance;
  /** This process's Prometheus metrics (one registry per Ledger, so per process). */
  readonly metrics: LedgerMetrics;
  /** Liveness and readiness, for GET /health/live and /health/ready. */
  readonly health: LedgerHealth;

  private constructor(
    readonly config: Config,
    readonly db: Database,
    readonly store: EventStore,
    readonly transport: EventTransport,
    readonly logger: Logger,
  ) {
    this.metrics = new LedgerMetrics((what, error) => logger.warn({ err: error, what }, 'metrics: reading a gauge failed; it keeps its last value'));
    this.health = new LedgerHealth(db, transport, migrations.map((migration) => migration.name), () => ({ publishes: this.relay !== undefined, consumes: this.projector !== undefined }));
    this.commands = new CommandExecutor(store, { cacheSize: config.STREAM_CACHE_SIZE, maxAttempts: 8 }, this.metrics);
    this.readModels = new ReadModels(db, { maxWaitMs: config.QUERY_WAIT_MAX_MS, asOf: { cacheBytes: config.AS_OF_CACHE_MB * 1024 * 1024, pageSize: 5000, maxWaiting: 16 } }, projections.map((projection) => projection.name));
    this.log = new EventLog(db, { maxEvents: config.SSE_TAIL_EVENTS, maxBytes: 64 * 1024 * 1024, pollMs: 1000 });
    this.keys = new ApiKeys(db);
    this.idempotency = new IdempotencyKeys(db);
    this.maintenance = new ProjectionMaintenance(db, projections, (projection, error) => logger.error({ err: error, projection }, 'rebuild failed'));
  }

  /** Where a first start writes the first admin key: <DATA_DIR>/admin-key embedded, ADMIN_KEY_FILE in production. */
  get adminKeyFile(): string | undefined {
    return this.config.mode === 'embedded' ? resolve(this.config.DATA_DIR, 'admin-key') : this.config.ADMIN_KEY_FILE && resolve(this.config.ADMIN_KEY_FILE);
  }

  static async open(config: Config, logger: Logger, name: string): Promise<Ledger> {
    const db =
      config.mode === 'production'
        ? new PgDatabase(config.DATABASE_URL, {
            application_name: `policy-ledger-${name}`,
            // pg attaches the whole client to the error: log what the server said, not the client.
            onIdleError: (error) => logger.warn({ reason: error.message, code: (error as { code?: unknown }).code }, 'database: an idle connection failed; the pool opens a new one'),
          })
        : await PgliteDatabase.open(resolve(config.DATA_DIR));
    try {
      const applied = await migrate(db, migrations);
      if (applied.length > 0) logger.info({ applied }, 'database migrated');
    } catch (error) {
      await db.close();
      throw error;
    }
    const store = new PostgresEventStore(db, { maxBatch: config.APPEND_MAX_BATCH });
    const retry = { maxAttempts: config.PROJECTOR_MAX_ATTEMPTS, backoffMs: config.PROJECTOR_RETRY_BACKOFF_MS };
    const transport =
      config.mode === 'production'
        ? new KafkaTransport(
            createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-${name}` }, logger),
            { prefix: config.KAFKA_TOPIC_PREFIX, partitions: config.KAFKA_TOPIC_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR },
            config.PROJECTOR_GROUP_PREFIX,
            logger,
            retry,
            {
              sessionTimeoutMs: config.PROJECTOR_SESSION_TIMEOUT_MS,
              heartbeatIntervalMs: config.PROJECTOR_HEARTBEAT_MS,
              partitionsConcurrently: config.PROJECTOR_PARTITIONS_CONCURRENTLY,
            },
          )
        : new InProcessTransport((after, limit) => readRawEvents(db, { after, limit }), logger, retry);
    return new Ledger(config, db, store, transport, logger);
  }

  /** Where the data is, for people: the database URL without its password, or the PGlite folder. */
  get location(): string {
    if (this.config.mode === 'embedded') return resolve(this.config.DATA_DIR);
    const url = new URL(this.config.DATABASE_URL);
    url.password = '';
    return url.toString();
  }

  startRelay(): OutboxRelay {
    this.relay ??= new OutboxRelay(
      this.db,
      this.transport,
      { batchSize: this.config.RELAY_BATCH_SIZE, maxBatchSize: this.config.RELAY_BATCH_SIZE * 16, idlePollMs: 1000, standbyRetryMs: 2000 },
      this.logger.child({ component: 'relay' }),
    );
    this.relay.start();
    this.metrics.watchOutbox(() => readOutboxBacklog(this.db));
    return this.relay;
  }

  async startProjector(): Promise<Projector> {
    if (!this.projector) {
      this.projector = new Projector(this.db, this.transport, projections, this.logger.child({ component: 'projector' }), { healAfterMs: this.config.PROJECTOR_HEAL_AFTER_MS }, this.metrics);
      this.metrics.watchProjections(async () => (await this.readModels.statuses()).projections);
      await this.projector.start();
    }
    return this.projector;
  }

  /**
   * Stops in order: the relay after the batch it is publishing, the projector (offsets of what it
   * applied committed, its consumer groups left), the transport, the LISTEN connection, the pool.
   */
  async close(): Promise<void> {
    this.health.drain();
    await this.relay?.stop();
    await this.projector?.stop();
    await this.transport.close();
    await this.log.close();
    await this.db.close();
  }
}
