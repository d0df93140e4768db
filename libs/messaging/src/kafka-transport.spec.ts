import type { RawEvent } from '@policy-ledger/contracts';
import { type Kafka, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import pino from 'pino';
import { KafkaTransport, lostProducerState } from './kafka-transport';

/** An error as kafkajs makes it from a broker's error code. */
const protocolError = (type: string, code: number, retriable: boolean, message: string) => new KafkaJSProtocolError(Object.assign(new Error(message), { type, code, retriable }));
const outOfOrder = () => protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER', 45, false, 'The broker received an out of order sequence number');

describe('lostProducerState', () => {
  it('knows the errors of a broker that no longer agrees with the producer session, also wrapped', () => {
    expect(lostProducerState(outOfOrder())).toBe(true);
    expect(lostProducerState(protocolError('UNKNOWN_PRODUCER_ID', 59, false, 'unknown producer'))).toBe(true);
    expect(lostProducerState(new KafkaJSNumberOfRetriesExceeded(outOfOrder(), { retryCount: 8, retryTime: 5000 }))).toBe(true);
    expect(lostProducerState({ errors: [new Error('other'), outOfOrder()] })).toBe(true);
  });

  it('leaves the others alone', () => {
    expect(lostProducerState(protocolError('NOT_LEADER_FOR_PARTITION', 6, true, 'not the leader'))).toBe(false);
    expect(lostProducerState(new Error('Connection error: connect ECONNREFUSED'))).toBe(false);
    expect(lostProducerState(undefined)).toBe(false);
  });
});

/** A kafkajs client with fake producers and admin: each producer refuses its first `refusals` batches. */
function fakeKafka(refusals: number) {
  const producers: { sent: number; disconnected: boolean }[] = [];
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => ['t.shipments.v1', 't.aid-requests.v1', 't.packages.v1', 't.developments.v1', 't.dead-letter.v1'],
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({ topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })) }),
  };
  const kafka = {
    admin: () => admin,
    producer: () => {
      const state = { sent: 0, disconnected: false };
      producers.push(state);
      const first = producers.length === 1;
      return {
        connect: async () => undefined,
        disconnect: async () => void (state.disconnected = true),
        sendBatch: async () => {
          if (first && state.sent < refusals) {
            state.sent += 1;
            throw outOfOrder();
          }
          state.sent += 1;
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, producers };
}

const event: RawEvent = {
  position: 1,
  eventId: 'e1',
  streamId: 'shipment-a',
  streamType: 'shipment',
  version: 1,
  type: 'ShipmentReported',
  schemaVersion: 1,
  data: {},
  metadata: { recordedBy: 'test', correlationId: 'c1', causationId: null },
  recordedAt: new Date(0).toISOString(),
};

describe('KafkaTransport after the broker refuses its sequence numbers', () => {
  it('fails that publish, and publishes the retry with a new producer', async () => {
    const { kafka, producers } = fakeKafka(100);
    const transport = new KafkaTransport(kafka, { prefix: 't', partitions: 1, replicationFactor: 1 }, 'g', pino({ level: 'silent' }));
    await expect(transport.publish([event])).rejects.toThrow('out of order sequence number');
    await transport.publish([event]);
    expect(producers).toHaveLength(2);
    expect(producers[0]?.disconnected).toBe(true);
    expect(producers[1]?.sent).toBe(1);
  });
});
