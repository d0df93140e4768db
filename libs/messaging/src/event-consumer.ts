import type { StoredEvent } from '@policy-ledger/event-store';
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { fromKafkaMessage } from './cloud-event';

export interface EventConsumerSettings {
  readonly groupId: string;
  readonly topics: readonly string[];
}

/**
 * Joins a consumer group and hands each CloudEvent to `handle`, committing its offset only after
 * `handle` resolved. A throwing handler gets the message again (kafkajs restarts the consumer
 * with backoff), so `handle` must be idempotent.
 */
export async function startEventConsumer(
  kafka: Kafka,
  settings: EventConsumerSettings,
  handle: (event: StoredEvent) => Promise<void>,
  logger: Logger,
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: settings.groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [...settings.topics], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const event = fromKafkaMessage(message);
      try {
        await handle(event);
      } catch (error) {
        logger.error({ err: error, topic, partition, offset: message.offset, position: event.position }, 'consumer: apply failed, will retry');
        throw error;
      }
    },
  });
  return consumer;
}
