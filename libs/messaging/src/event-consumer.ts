import type { RawEvent, StoredEvent } from '@policy-ledger/contracts';
import type { Consumer, Kafka, KafkaMessage, Message } from 'kafkajs';
import type { Logger } from 'pino';
import { fromKafkaMessage, MalformedMessageError } from './cloud-event';
import { type DeadLetter, deadLetterMessage, deliver, type RetrySettings } from './dead-letter';

export interface EventConsumerSettings {
  /** The subscriber's name (the projection), as dead letters name it. */
  readonly subscriber: string;
  readonly groupId: string;
  readonly topics: readonly string[];
  /** How often an event that throws a PoisonEventError is tried before it is dead-lettered. */
  readonly retry: RetrySettings;
}

export interface EventConsumerHandlers {
  readonly handle: (event: StoredEvent) => Promise<void>;
  /** Records a dead-lettered event (the projector: in its table, counting the position as applied). */
  readonly deadLetter?: (letter: DeadLetter) => Promise<void>;
  /** Sends copies of messages to the dead-letter topic. */
  readonly publishDeadLetters: (messages: Message[]) => Promise<void>;
}

/**
 * Joins a consumer group and hands each CloudEvent to `handle`, committing its offset only after
 * `handle` resolved. A transient failure is thrown, and kafkajs gives the message again (it
 * restarts the consumer with backoff), so `handle` must be idempotent. A poison event (one that
 * fails with a PoisonEventError `retry.maxAttempts` times, or cannot be read through the
 * catalogue) goes to the dead-letter topic with the reason and the partition moves on; so does a
 * message that is not a ledger CloudEvent at all.
 */
export async function startEventConsumer(
  kafka: Kafka,
  settings: EventConsumerSettings,
  handlers: EventConsumerHandlers,
  logger: Logger,
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: settings.groupId, allowAutoTopicCreation: false });
  const { subscriber } = settings;
  await consumer.connect();
  await consumer.subscribe({ topics: [...settings.topics], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const origin = { topic, partition, offset: message.offset };
      const raw = parse(message);
      if (raw instanceof MalformedMessageError) {
        logger.error({ ...origin, reason: raw.message }, 'consumer: not a ledger CloudEvent, dead-lettered');
        const letter = { subscriber, reason: raw.message, attempts: 1, failedAt: new Date().toISOString() };
        await handlers.publishDeadLetters([deadLetterMessage(message, letter, origin)]);
        return;
      }
      let letter: DeadLetter | undefined;
      try {
        letter = await deliver(raw, subscriber, handlers.handle, settings.retry, (error, attempt) =>
          logger.warn({ ...origin, position: raw.position, attempt, reason: error.reason }, 'consumer: apply failed, retrying'),
        );
      } catch (error) {
        logger.error({ err: error, ...origin, position: raw.position }, 'consumer: apply failed, will retry');
        throw error;
      }
      if (!letter) return;
      await handlers.publishDeadLetters([deadLetterMessage(message, letter, origin)]);
      await handlers.deadLetter?.(letter);
      logger.error({ ...origin, position: raw.position, attempts: letter.attempts, reason: letter.reason }, 'consumer: event dead-lettered');
    },
  });
  return consumer;
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
