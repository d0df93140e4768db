import type { RawEvent } from '@policy-ledger/contracts';
import type { Consumer, Kafka, KafkaMessage, Message } from 'kafkajs';
import type { Logger } from 'pino';
import { fromKafkaMessage, MalformedMessageError } from './cloud-event';
import { deadLetterMessage, type RetrySettings } from './dead-letter';
import { deliverBatch } from './delivery';
import type { Subscriber } from './transport.port';

export interface ConsumerTimings {
  /** Without a heartbeat for this long, the broker gives a consumer's partitions to the others. */
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  /** How many of its partitions one consumer applies at once. */
  readonly partitionsConcurrently: number;
}

export interface EventConsumerSettings {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** How often an event that throws a PoisonEventError is tried before it is dead-lettered. */
  readonly retry: RetrySettings;
  readonly timings: ConsumerTimings;
}

export interface EventConsumerHandlers {
  /** Who the events go to, each a partition's batch at a time (so each stream's events in order). */
  readonly subscribers: readonly Subscriber[];
  /** Sends copies of messages to the dead-letter topic. */
  readonly publishDeadLetters: (messages: Message[]) => Promise<void>;
}

/** Events applied in one go, at most: a fetched batch larger than this is applied in parts. */
const CHUNK = 1000;

/**
 * Joins a consumer group and hands each partition's CloudEvents to `handle` in batches, its
 * offsets resolved only after `handle` resolved. A transient failure is thrown, and kafkajs gives
 * the batch again (it restarts the consumer with backoff), so `handle` must be idempotent. A
 * poison event (one that fails with a PoisonEventError `retry.maxAttempts` times, or cannot be read
 * through the catalogue) goes to the dead-letter topic with the reason and the partition moves on;
 * so does a message that is not a ledger CloudEvent at all.
 */
export async function startEventConsumer(kafka: Kafka, settings: EventConsumerSettings, handlers: EventConsumerHandlers, logger: Logger): Promise<EventConsumer> {
  const { timings } = settings;
  const subscriber = handlers.subscribers.map((s) => s.name).join(',');
  const consumer = kafka.consumer({
    groupId: settings.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: timings.sessionTimeoutMs,
    heartbeatInterval: timings.heartbeatIntervalMs,
    rebalanceTimeout: Math.max(timings.sessionTimeoutMs, 10_000),
    // A fetch answers as soon as anything is there (under load, batches form while the last one
    // is applied); an idle one waits up to 100 ms for news.
    maxWaitTimeInMs: 100,
    minBytes: 1,
  });
  // Joined from the group's answer until the consumer crashes (it then joins again) or stops.
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  consumer.on(consumer.events.CRASH, () => (joined = false));
  consumer.on(consumer.events.STOP, () => (joined = false));
  consumer.on(consumer.events.DISCONNECT, () => (joined = false));
  await consumer.connect();
  await consumer.subscribe({ topics: [...settings.topics], fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: timings.partitionsConcurrently,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      const { topic, partition } = batch;
      const messages = new Map<number, KafkaMessage>();
      const raws: RawEvent[] = [];
      for (const message of batch.messages) {
        const raw = parse(message);
        if (raw instanceof MalformedMessageError) {
          logger.error({ topic, partition, offset: message.offset, reason: raw.message }, 'consumer: not a ledger CloudEvent, dead-lettered');
          const letter = { subscriber, reason: raw.message, attempts: 1, failedAt: new Date().toISOString() };
          await handlers.publishDeadLetters([deadLetterMessage(message, letter, { topic, partition, offset: message.offset })]);
          continue;
        }
        messages.set(raw.position, message);
        raws.push(raw);
      }
      for (let start = 0; start < raws.length && isRunning() && !isStale(); start += CHUNK) {
        const chunk = raws.slice(start, start + CHUNK);
        try {
          await deliverBatch(chunk, handlers.subscribers, settings.retry, {
            onRetry: (name, error, attempt) => logger.warn({ subscriber: name, topic, partition, position: error.position, attempt, reason: error.reason }, 'consumer: apply failed, retrying'),
            onDeadLetter: async (letter) => {
              const original = messages.get(letter.event.position);
              if (original) await handlers.publishDeadLetters([deadLetterMessage(original, letter, { topic, partition, offset: original.offset })]);
              logger.error({ subscriber: letter.subscriber, topic, partition, position: letter.event.position, attempts: letter.attempts, reason: letter.reason }, 'consumer: event dead-lettered');
            },
          });
        } catch (error) {
          logger.error({ err: error, topic, partition, from: chunk[0]?.position }, 'consumer: apply failed, will retry');
          throw error;
        }
        const last = chunk.at(-1);
        const offset = last === undefined ? undefined : messages.get(last.position)?.offset;
        if (offset !== undefined) resolveOffset(offset);
        await heartbeat();
      }
    },
  });
  return { consumer, joined: () => joined };
}

/** A running consumer, and whether it is a member of its group now. */
export interface EventConsumer {
  readonly consumer: Consumer;
  readonly joined: () => boolean;
}

function parse(message: KafkaMessage): RawEvent | MalformedMessageError {
  try {
    return fromKafkaMessage(message);
  } catch (error) {
    if (error instanceof MalformedMessageError) return error;
    if (error instanceof SyntaxError) return new MalformedMessageError(`the value is not JSON (${error.message})`);
    throw error;
  }
}
