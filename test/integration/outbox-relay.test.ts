import { allTopics, deadLetterTopic, topicFor } from '@policy-ledger/messaging';
import type { Ledger } from '@policy-ledger/runtime';
import { createServer, type Server, Socket } from 'node:net';
import { shipmentReported } from '../support/events';
import { readTopics, testKafka } from '../support/kafka-reader';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

const pending = async (ledger: Ledger) =>
  Number((await ledger.db.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')).rows[0]?.n);

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('outbox relay to the real Kafka broker', () => {
  let ledger: Ledger;
  beforeAll(async () => (ledger = await openTestLedger('relay')));
  afterAll(async () => dropTestLedger(ledger));

  it('publishes in order, keyed by stream id, as binary-mode CloudEvents, and marks the rows', async () => {
    await ledger.store.append('shipment-one', 'shipment', 0, [shipmentReported('RU'), shipmentReported('BY')]);
    await ledger.store.append('shipment-two', 'shipment', 0, [shipmentReported('IR')]);
    await ledger.store.append('shipment-one', 'shipment', 2, [shipmentReported('SY')]);
    ledger.startRelay();

    const topic = topicFor(ledger.config.KAFKA_TOPIC_PREFIX, 'shipment');
    const messages = await readTopics([topic], (read) => read.length >= 4);
    const events = (await ledger.store.readAll(0, 10)).filter((e) => e.streamType === 'shipment');

    expect(messages).toHaveLength(4);
    const one = messages.filter((m) => m.key === 'shipment-one');
    expect(new Set(one.map((m) => m.partition)).size).toBe(1);
    expect(one.map((m) => JSON.parse(m.value ?? '{}').recipient)).toEqual(['RU', 'BY', 'SY']);
    for (const message of messages) {
      const stored = events.find((e) => e.eventId === message.headers.ce_id);
      expect(stored).toBeDefined();
      expect(message.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_id: stored?.eventId,
        ce_type: 'policy-ledger.ShipmentReported.v1',
        ce_source: '/policy-ledger/shipments',
        ce_time: stored?.recordedAt,
        ce_subject: stored?.streamId,
        'content-type': 'application/json',
        ce_position: String(stored?.position),
      });
      expect(JSON.parse(message.value ?? '')).toEqual(stored?.data);
    }
    await eventually(async () => (await pending(ledger)) === 0);
  });

  it('creates every topic, the dead-letter topic too, with the configured partition count', async () => {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const topics = [...allTopics(ledger.config.KAFKA_TOPIC_PREFIX), deadLetterTopic(ledger.config.KAFKA_TOPIC_PREFIX)];
      const metadata = await admin.fetchTopicMetadata({ topics });
      expect(metadata.topics.map((t) => t.partitions.length)).toEqual(metadata.topics.map(() => ledger.config.KAFKA_TOPIC_PARTITIONS));
      expect(metadata.topics.map((t) => t.name).sort()).toEqual(topics.sort());
    } finally {
      await admin.disconnect();
    }
  });
});

describe('outbox relay with a backlog larger than the broker takes in one request', () => {
  let ledger: Ledger;
  beforeAll(async () => (ledger = await openTestLedger('relay_backlog')));
  afterAll(async () => dropTestLedger(ledger));

  it('publishes a backlog of 3 MB on one stream (one partition) in order, none left behind', async () => {
    // About 1 KB per event: the relay's second batch (twice RELAY_BATCH_SIZE) passes the 1 MB a
    // broker takes for one partition in one request.
    const base = shipmentReported('RU');
    const fat = { ...base, data: { ...(base.data as object), intendedUse: 'x'.repeat(1000) } };
    const total = 3000;
    for (let version = 0; version < total; version += 500) {
      await ledger.store.append('shipment-backlog', 'shipment', version, Array.from({ length: 500 }, () => fat));
    }
    ledger.startRelay();
    await eventually(async () => (await pending(ledger)) === 0, 60_000);

    const topic = topicFor(ledger.config.KAFKA_TOPIC_PREFIX, 'shipment');
    const messages = await readTopics([topic], (read) => read.length >= total, 60_000);
    expect(messages).toHaveLength(total);
    expect(messages.map((message) => Number(message.headers.ce_streamversion))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });
});

describe('outbox relay while Kafka is unreachable', () => {
  let ledger: Ledger;
  let gate: Server | undefined;
  let port: number;

  beforeAll(async () => {
    // The relay's only way to Kafka is a port where nothing listens yet: Kafka is "down".
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    ledger = await openTestLedger('relay_down', { env: { KAFKA_BROKERS: `127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    gate?.close();
    await dropTestLedger(ledger);
  });

  it('keeps accepted events in the outbox and publishes the backlog once Kafka answers', async () => {
    ledger.startRelay();
    await ledger.store.append('shipment-late', 'shipment', 0, [shipmentReported('RU')]);
    await ledger.store.append('shipment-late', 'shipment', 1, [shipmentReported('BY')]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await pending(ledger)).toBe(2);

    // Kafka "returns": the port now forwards to the real broker (which then advertises itself).
    const [host, brokerPort] = (process.env.TEST_KAFKA_BROKERS ?? '').split(',')[0]?.split(':') ?? [];
    gate = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(Number(brokerPort), host ?? '127.0.0.1');
      client.pipe(upstream).pipe(client);
      const close = () => (client.destroy(), upstream.destroy());
      client.on('error', close);
      upstream.on('error', close);
    });
    await new Promise<void>((resolve) => gate?.listen(port, '127.0.0.1', resolve));

    await eventually(async () => (await pending(ledger)) === 0, 30_000);
    const messages = await readTopics([topicFor(ledger.config.KAFKA_TOPIC_PREFIX, 'shipment')], (read) => read.length >= 2);
    expect(messages.map((m) => JSON.parse(m.value ?? '{}').recipient)).toEqual(['RU', 'BY']);
  });
});
