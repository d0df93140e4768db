import type { RawEvent } from '@policy-ledger/contracts';
import { type Admin, type Kafka, type Message, Partitioners, type Producer, type TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import { toKafkaMessage } from './cloud-event';
import type { RetrySettings } from './dead-letter';
import { type ConsumerTimings, startEventConsumer } from './event-consumer';
import { ProducerSession } from './producer-session';
import { allTopics, deadLetterTopic, topicFor, type TopicSettings } from './topics';
import type { EventSubscription, EventTransport, SubscribeOptions, TransportHealth } from './transport.port';

/** The longest a readiness check waits for the producer to connect. */
const HEALTH_CONNECT_MS = 2000;

/**
 * The most a produce request carries, so that no partition's share of it passes the broker's
 * `message.max.bytes` (about 1 MB by default): a larger batch would be refused every time, and
 * the relay would retry it forever.
 */
const REQUEST_MAX_BYTES = 512 * 1024;

/** Events as CloudEvents on one topic per stream type, keyed by stream id. */
export class KafkaTransport implements EventTransport {
  readonly kind = 'kafka';
  private readonly producer: ProducerSession<Producer>;
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
    this.producer = new ProducerSession(
      () => this.newProducer(),
      () => this.ensureTopics(),
      (error) => {
        this.producerConnected = false;
        this.logger.warn(
          { err: error },
          "kafka: the broker refuses the idempotent producer's sequence numbers; starting a new producer (the batch is sent again, a consumer may see some messages twice)",
        );
      },
    );
  }

  /**
   * Idempotent: the broker drops a batch the producer sends again after a lost acknowledgement,
   * so retries within a session add no duplicates (the relay, which retries a batch that failed,
   * stays at least once: consumers deduplicate by ce_id). One request in flight keeps a resent
   * batch in order. The default partitioner is the Java client's murmur2, so any Kafka client
   * agrees on a stream's partition. Retries are bounded, so that a publish while Kafka is away
   * fails (the relay backs off and tries again) instead of hanging.
   */
  private newProducer(): Producer {
    const producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    // Readiness says whether the producer in use is connected (a replaced one no longer counts).
    producer.on(producer.events.CONNECT, () => (this.producerConnected ||= this.producer?.current === producer));
    producer.on(producer.events.DISCONNECT, () => (this.producerConnected &&= this.producer?.current !== producer));
    return producer;
  }

  /** Sends the events in order, in requests of at most REQUEST_MAX_BYTES, one after another. */
  async publish(events: readonly RawEvent[]): Promise<void> {
    for (const request of requests(events, this.topics.prefix)) {
      await this.producer.use((producer) => producer.sendBatch({ topicMessages: request, acks: -1 }));
    }
  }

  async subscribe({ name, subscribers }: SubscribeOptions): Promise<EventSubscription> {
    await this.ensureTopics();
    const { consumer, joined } = await startEventConsumer(
      this.kafka,
      { groupId: `${this.groupPrefix}.${name}`, topics: allTopics(this.topics.prefix), retry: this.retry, timings: this.timings },
      {
        subscribers,
        publishDeadLetters: (messages) => this.producer.use((producer) => producer.send({ topic: deadLetterTopic(this.topics.prefix), messages, acks: -1 })),
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
      const connecting = this.producer.connect().catch(() => undefined);
      await Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, HEALTH_CONNECT_MS).unref())]);
    }
    return { publishing: this.producerConnected, subscriptions: [...this.subscriptions].map(({ name, joined }) => ({ name, joined: joined() })) };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.producer.close();
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

/** The events as messages by topic, cut into requests of at most REQUEST_MAX_BYTES (a larger message goes alone). */
function requests(events: readonly RawEvent[], prefix: string): TopicMessages[][] {
  const all: TopicMessages[][] = [];
  let byTopic = new Map<string, TopicMessages>();
  let bytes = 0;
  for (const event of events) {
    const message = toKafkaMessage(event);
    const size = messageBytes(message);
    if (bytes > 0 && bytes + size > REQUEST_MAX_BYTES) {
      all.push([...byTopic.values()]);
      byTopic = new Map();
      bytes = 0;
    }
    const topic = topicFor(prefix, event.streamType);
    const entry = byTopic.get(topic) ?? { topic, messages: [] };
    entry.messages.push(message);
    byTopic.set(topic, entry);
    bytes += size;
  }
  if (bytes > 0) all.push([...byTopic.values()]);
  return all;
}

/** A message's size on the wire, near enough: key, value and headers, plus a record's overhead. */
function messageBytes(message: Message): number {
  const text = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value) : value instanceof Buffer ? value.length : 0);
  const headers = Object.entries(message.headers ?? {}).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + text(value), 0);
  return text(message.key) + text(message.value) + headers + 32;
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
