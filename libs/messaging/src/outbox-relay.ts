import type { Database, Session, StoredEvent } from '@policy-ledger/event-store';
import { EVENTS_APPENDED_CHANNEL, toStoredEvent } from '@policy-ledger/event-store';
import type { Admin, Producer, TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import { toKafkaMessage } from './cloud-event';
import { allTopics, topicFor, type TopicSettings } from './topics';

export interface RelaySettings {
  readonly topics: TopicSettings;
  readonly batchSize: number;
  /** How often an idle leader looks for rows it was not notified of. */
  readonly idlePollMs: number;
  /** How often a standby tries to become the leader. */
  readonly standbyRetryMs: number;
}

/** Only one relay publishes at a time: the one holding this session advisory lock. */
const RELAY_LOCK = 7_201_002;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Publishes the outbox to Kafka, in position order, as CloudEvents keyed by stream id, then marks
 * the rows published. Delivery is at least once: a crash between send and mark sends the batch
 * again, and consumers deduplicate by event id (or, as the projector does, by position).
 * While Kafka is down commands are still accepted; the backlog goes out when it is back.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private topicsReady = false;
  private session: Session | undefined;

  constructor(
    private readonly db: Database,
    private readonly producer: Producer,
    private readonly admin: Admin,
    private readonly settings: RelaySettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.producer.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
  }

  /** Publishes what is pending now, once; for tests and tools. Returns how many it sent. */
  async drainOnce(): Promise<number> {
    if (!this.session) throw new Error('the relay is not the leader');
    const events = await this.pending(this.session);
    await this.publish(events);
    await this.markPublished(this.session, events);
    return events.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let session: Session | undefined;
      try {
        session = await this.db.session();
        const { rows } = await session.query<{ leader: boolean }>('SELECT pg_try_advisory_lock($1) AS leader', [RELAY_LOCK]);
        if (!rows[0]?.leader) {
          await session.release();
          session = undefined;
          await this.idle(this.settings.standbyRetryMs);
          continue;
        }
        this.logger.info('outbox relay: leader, publishing');
        this.session = session;
        await session.listen(EVENTS_APPENDED_CHANNEL, () => this.wake?.());
        await this.lead(session);
      } catch (error) {
        // Only database errors reach here (Kafka's are handled in lead): elect again.
        this.logger.warn({ err: error }, 'outbox relay: database unavailable, retrying');
        await this.idle(1000);
      } finally {
        this.session = undefined;
        await session?.release().catch(() => undefined);
      }
    }
  }

  private async lead(session: Session): Promise<void> {
    let backoff = 200;
    while (this.running) {
      const events = await this.pending(session);
      if (events.length > 0) {
        try {
          await this.publish(events);
          backoff = 200;
        } catch (error) {
          this.logger.warn({ err: error, pending: events.length, retryInMs: backoff }, 'outbox relay: Kafka unavailable, the backlog waits');
          await this.idle(backoff);
          backoff = Math.min(backoff * 2, 5000);
          continue;
        }
        await this.markPublished(session, events);
      }
      if (events.length < this.settings.batchSize) await this.idle(this.settings.idlePollMs);
    }
  }

  private async pending(session: Session): Promise<StoredEvent[]> {
    const { rows } = await session.query<Parameters<typeof toStoredEvent>[0]>(
      `SELECT e.position, e.event_id, e.stream_id, e.stream_type, e.version, e.type, e.schema_version,
              e.data, e.metadata, e.recorded_at
       FROM outbox o JOIN events e USING (position)
       WHERE o.published_at IS NULL ORDER BY o.position LIMIT $1`,
      [this.settings.batchSize],
    );
    return rows.map(toStoredEvent);
  }

  private async publish(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (!this.topicsReady) {
      await ensureTopics(this.admin, this.settings.topics);
      await this.producer.connect();
      this.topicsReady = true;
    }
    await this.producer.sendBatch({ topicMessages: this.group(events), acks: -1 });
  }

  private async markPublished(session: Session, events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    await session.query('UPDATE outbox SET published_at = now() WHERE position = ANY($1::bigint[])', [
      events.map((event) => event.position),
    ]);
    this.logger.debug({ count: events.length, upTo: events.at(-1)?.position }, 'outbox relay: published');
  }

  private group(events: readonly StoredEvent[]): TopicMessages[] {
    const byTopic = new Map<string, TopicMessages>();
    for (const event of events) {
      const topic = topicFor(this.settings.topics.prefix, event.streamType);
      const entry = byTopic.get(topic) ?? { topic, messages: [] };
      entry.messages.push(toKafkaMessage(event));
      byTopic.set(topic, entry);
    }
    return [...byTopic.values()];
  }

  private idle(ms: number): Promise<void> {
    return Promise.race([sleep(ms), new Promise<void>((resolve) => (this.wake = resolve))]);
  }
}

/** Creates the ledger's topics if they are missing (partitions and replication from settings). */
export async function ensureTopics(admin: Admin, settings: TopicSettings): Promise<void> {
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const missing = allTopics(settings.prefix).filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: settings.partitions,
      replicationFactor: settings.replicationFactor,
    })),
  });
}
