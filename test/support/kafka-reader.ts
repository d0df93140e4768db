import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** A kafkajs client of the tests' own, on the broker the suites run against. */
export function testKafka(): Kafka {
  return new Kafka({ brokers: (process.env.TEST_KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING });
}

export interface ReadMessage {
  topic: string;
  partition: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Reads topics from the beginning with a plain kafkajs consumer of its own (none of the app's
 * code), until `until` says it has enough or the timeout passes.
 */
export async function readTopics(
  topics: readonly string[],
  until: (messages: readonly ReadMessage[]) => boolean,
  timeoutMs = 20_000,
): Promise<ReadMessage[]> {
  const kafka = testKafka();
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
  const messages: ReadMessage[] = [];
  await waitForTopics(kafka, topics, timeoutMs);
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${messages.length} messages in ${timeoutMs} ms, not enough`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          messages.push({
            topic,
            partition,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          });
          if (until(messages)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** The app creates its topics when it first publishes; a reader may start before that. */
async function waitForTopics(kafka: Kafka, topics: readonly string[], timeoutMs: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const existing = new Set(await admin.listTopics());
      if (topics.every((topic) => existing.has(topic))) return;
      if (Date.now() > deadline) throw new Error(`topics ${topics.join(', ')} were not created in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}
