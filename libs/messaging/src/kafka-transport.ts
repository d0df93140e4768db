import type { RawEvent } from '@policy-ledger/contracts';
import { type Admin, type Kafka, Partitioners, type Producer, type TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import { toKafkaMessage } from './cloud-event';
import type { RetrySettings } from './dead-letter';
import { type ConsumerTimings, startEventConsumer } from './event-consumer';
import { allTopics, deadLetterTopic, topicFor, type TopicSettings } from './topics';
import type { EventSubscription, EventTransport, SubscribeOptions, TransportHealth } from './transport.port';

/** The longest a readiness check waits for the producer to connect. */
const HEALTH_CONNECT_MS = 2000;

/** Events as CloudEvents on one topic per stream type, keyed by stream id. */
export class KafkaTransport implements EventTransport {
  readonly kind = 'kafka';
  private producer: Producer;
  private ready: Promise<void> | undefined;
  private readonly subscriptions = new Set<EventSubscription & { readonly name: string; readonly joined: () => boolean }>();
  private producerConnected = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: TopicSettings,
    private readonly groupPrefix: string,
    private readonly logger: Logger,
    private readonly retry: RetrySettings = { maxAttempts: 3, backoffMs: 200 },
    private readonly timings: ConsumerTimings = { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000, partitionsConcurrently: 4 },
  ) {
    // Idempotent: the broker drops a batch the producer sends again after a lost acknowledgement,
    // so retries within a session add no duplicates (the relay, which retries a batch that failed,
    // stays at least once: consumers deduplicate by ce_id). One request in flight keeps a resent
    // batch in order. The default partitioner is the Java client's murmur2, so any Kafka client
    // agrees on a stream's partition. Retries are bounded, so that a publish while Kafka is away
    // fails (the relay backs off and tries again) instead of hanging.
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.producer.on(this.producer.events.CONNECT, () => (this.producerConnected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.producerConnected = false));
  }

  /**
   * Sends with the producer; when the broker no longer accepts its sequence numbers, starts a new
   * idempotent session before the error goes to the caller, whose retry then goes through.
   */
  private async send(work: (producer: Producer) => Promise<unknown>): Promise<void> {
    await this.connect();
    const producer = this.producer;
    try {
      await work(producer);
    } catch (error) {
      if (lostProducerState(error) && this.producer === producer) await this.renewProducer(producer, error);
      throw error;
    }
  }

  /**
   * A batch that failed as Kafka went away may have been written anyway; kafkajs then sends the
   * next batch (the relay's retry, now longer) with the same first sequence number, which the broker
   * refuses as out of order, and kafkajs keeps its producer id and sequence numbers across
   * reconnects, so every later send is refused too: the backlog would never be published again
   * (found by the fault suite, Kafka stopped for 30 s under load). A new producer gets a new id and
   * starts its sequences again; what the broker had written of the batch is then on the topic twice
   * (delivery is at least once: consumers deduplicate by ce_id).
   */
  private async renewProducer(stale: Producer, error: unknown): Promise<void> {
    this.logger.warn(
      { err: error },
      'kafka: the broker refuses the idempotent producer\'s sequence numbers; starting a new producer (the batch is sent again, a consumer may see some messages twice)',
    );
    this.producer = this.newProducer();
    this.ready = undefined;
    await stale.disconnect().catch(() => undefined);
  }

  async publish(events: readonly RawEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, TopicMessages>();
    for (const event of events) {
      const topic = topicFor(this.topics.prefix, event.streamType);
      const entry = byTopic.get(topic) ?? { topic, messages: [] };
      entry.messages.push(toKafkaMessage(event));
      byTopic.set(topic, entry);
    }
    await this.send((producer) => producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1 }));
  }

  async subscribe({ name, subscribers }: SubscribeOptions): Promise<EventSubscription> {
    await this.ensureTopics();
    const { consumer, joined } = await startEventConsumer(
      this.kafka,
      { groupId: `${this.groupPrefix}.${name}`, topics: allTopics(this.topics.prefix), retry: this.retry, timings: this.timings },
      {
        subscribers,
        publishDeadLetters: (messages) => this.send((producer) => producer.send({ topic: deadLetterTopic(this.topics.prefix), messages, acks: -1 })),
      },
      this.logger.child({ subscriber: name }),
    );
    const subscription = {
      name,
      joined,
      close: async () => {
        this.subscriptions.delete(subscription);
        await consumer.disconnect();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async health(): Promise<TransportHealth> {
    if (!this.producerConnected) {
      const connecting = this.connect().catch(() => undefined);
      await Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, HEALTH_CONNECT_MS).unref())]);
    }
    return { publishing: this.producerConnected, subscriptions: [...this.subscriptions].map(({ name, joined }) => ({ name, joined: joined() })) };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.producer.disconnect().catch(() => undefined);
  }

  private connect(): Promise<void> {
    // A failed attempt is forgotten, so the next publish tries again.
    this.ready ??= (async () => {
      await this.ensureTopics();
      await this.producer.connect();
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await ensureTopics(admin, this.topics);
    } finally {
      await admin.disconnect();
    }
  }
}

/** What a broker answers an idempotent producer whose session (id, epoch, sequence numbers) it no longer agrees with. */
const PRODUCER_STATE_ERRORS = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

/** Whether a kafkajs error (or the error it wraps: retries exceeded, an aggregate) is one of those. */
export function lostProducerState(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { type, originalError, cause, errors } = error as { type?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof type === 'string' && PRODUCER_STATE_ERRORS.has(type)) return true;
  if (Array.isArray(errors) && errors.some((inner) => lostProducerState(inner, depth + 1))) return true;
  return lostProducerState(originalError, depth + 1) || lostProducerState(cause, depth + 1);
}

/** Creates the ledger's topics, the dead-letter topic too, if they are missing (partitions and replication from settings). */
export async function ensureTopics(admin: Admin, settings: TopicSettings): Promise<void> {
  await admin.connect();
  const topics = [...allTopics(settings.prefix), deadLetterTopic(settings.prefix)];
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) {
    try {
      // Leaders are awaited below, with retries: kafkajs's own wait gives up on the first
      // "unknown topic" answer of a broker that has not caught up with the creation yet.
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => ({ topic, numPartitions: settings.partitions, replicationFactor: settings.replicationFactor })),
      });
    } catch (error) {
      // Another process (the relay, a projector) may have created them in the meantime.
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    }
  }
  await waitForLeaders(admin, topics);
}

/**
 * A topic another process has just created is listed before each of its partitions has a leader;
 * a consumer that subscribes then is told "this server does not host this topic-partition".
 * Waits (bounded) until every partition of the topics has a leader.
 */
async function waitForLeaders(admin: Admin, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      if (metadata.length === topics.length && metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`the topics ${topics.join(', ')} have no leader after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
