import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { eventCatalogue, isEventType } from '@policy-ledger/contracts';
import { allTopics } from '@policy-ledger/messaging';
import type { Ledger } from '@policy-ledger/runtime';
import { type CloudEvent, Kafka, type KafkaMessage } from 'cloudevents';
import { join } from 'node:path';
import { createApi } from '../../apps/api/src/bootstrap';
import { loadFixture, seedFixture } from '../../scripts/seed-fixture';
import { readTopics } from '../support/kafka-reader';
import { type TestKeys, testKeys } from '../support/test-app';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

describe('the CloudEvents SDK (cloudevents, Kafka binding) reads what the relay publishes', () => {
  let ledger: Ledger;
  let app: NestFastifyApplication;
  let keys: TestKeys;

  beforeAll(async () => {
    ledger = await openTestLedger('cloudevents');
    ledger.startRelay();
    keys = await testKeys(ledger);
    app = await createApi(ledger);
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await dropTestLedger(ledger);
  });

  it('parses every message on the topics, after both stories were posted over HTTP, into a valid CloudEvent equal to the stored event', async () => {
    const url = await app.getUrl();
    for (const file of ['article-2023-10-13.json', 'israel-supplemental-hr6126.json']) {
      const result = await seedFixture(url, await loadFixture(join(__dirname, '..', 'fixtures', file)), undefined, { key: keys.reporter });
      expect(result.ok).toBe(true);
    }
    const stored = await ledger.store.readAll(0, 10_000);
    expect(new Set(stored.map((event) => event.type)).size).toBeGreaterThan(10);

    const messages = await readTopics(allTopics(ledger.config.KAFKA_TOPIC_PREFIX), (read) => read.length >= stored.length);
    expect(messages).toHaveLength(stored.length);
    for (const message of messages) {
      const kafkaMessage: KafkaMessage = { key: message.key ?? '', value: message.value, headers: message.headers, body: message.value };
      const parsed = Kafka.toEvent(kafkaMessage) as CloudEvent<unknown>;
      expect(parsed.validate()).toBe(true);
      const event = stored.find((candidate) => candidate.eventId === parsed.id);
      expect(event).toBeDefined();
      if (!event || !isEventType(event.type)) throw new Error(`message ${parsed.id} is no stored event of the catalogue`);
      expect(parsed).toMatchObject({
        specversion: '1.0',
        id: event.eventId,
        type: `policy-ledger.${event.type}.v${event.schemaVersion}`,
        source: `/policy-ledger/${event.streamType}s`,
        subject: event.streamId,
        time: event.recordedAt,
        datacontenttype: 'application/json',
        partitionkey: event.streamId,
        position: String(event.position),
        streamtype: event.streamType,
        streamversion: String(event.version),
        schemaversion: String(event.schemaVersion),
        recordedby: 'test-reporter',
        onbehalfof: 'seed',
      });
      expect(parsed.data).toEqual(event.data);
      // The data matches the schema the AsyncAPI document publishes for its type.
      expect(eventCatalogue[event.type].schema.safeParse(parsed.data).error).toBeUndefined();
    }
  });
});
