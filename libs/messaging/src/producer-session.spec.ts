import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { lostProducerState, ProducerSession } from './producer-session';

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

/** A producer that refuses its first `refusals` sends as out of order, and counts what it does. */
class FakeProducer {
  connects = 0;
  sent = 0;
  disconnected = false;

  constructor(private refusals: number) {}

  async connect(): Promise<void> {
    this.connects += 1;
  }

  async disconnect(): Promise<void> {
    this.disconnected = true;
  }

  async send(): Promise<void> {
    if (this.refusals > 0) {
      this.refusals -= 1;
      throw outOfOrder();
    }
    this.sent += 1;
  }
}

describe('a producer session after the broker refuses its sequence numbers', () => {
  it('fails that send, and sends the retry with a new producer (connected first)', async () => {
    const producers: FakeProducer[] = [];
    const renewals: unknown[] = [];
    let prepared = 0;
    const session = new ProducerSession(
      () => {
        const producer = new FakeProducer(producers.length === 0 ? 100 : 0);
        producers.push(producer);
        return producer;
      },
      async () => void (prepared += 1),
      (error) => renewals.push(error),
    );
    await expect(session.use((producer) => producer.send())).rejects.toThrow('out of order sequence number');
    await session.use((producer) => producer.send());
    expect(producers.map((p) => ({ connects: p.connects, sent: p.sent, disconnected: p.disconnected }))).toEqual([
      { connects: 1, sent: 0, disconnected: true },
      { connects: 1, sent: 1, disconnected: false },
    ]);
    expect(renewals).toHaveLength(1);
    expect(prepared).toBe(2);
    expect(session.current).toBe(producers[1]);
  });

  it('keeps its producer on other errors, and connects again after a failed connect', async () => {
    let failConnect = true;
    const producer = new FakeProducer(0);
    const session = new ProducerSession(
      () => producer,
      async () => {
        if (failConnect) throw new Error('no broker');
      },
      () => undefined,
    );
    await expect(session.connect()).rejects.toThrow('no broker');
    failConnect = false;
    await expect(session.use(async () => Promise.reject(new Error('not the leader')))).rejects.toThrow('not the leader');
    expect(session.current).toBe(producer);
    expect(producer.connects).toBe(1);
  });
});
