import type { StoredEvent } from '@policy-ledger/contracts';
import type { Queryable } from '@policy-ledger/event-store';
import { deadLetterTopic } from '@policy-ledger/messaging';
import {
  type Projection,
  projectionPosition,
  Projector,
  readDeadLetters,
  readProjectionStatuses,
  replayDeadLetters,
} from '@policy-ledger/projections';
import { createLogger, type Ledger } from '@policy-ledger/runtime';
import { shipmentReported } from '../support/events';
import { readTopics } from '../support/kafka-reader';
import { dropTestLedger, type Mode, openTestLedger } from '../support/test-ledger';

/** A read model whose code cannot handle a shipment to Antarctica ("AQ"), until it is fixed. */
function recipientsProjection(state: { fixed: boolean }): Projection {
  return {
    name: 'test-recipients',
    handles: ['ShipmentReported'],
    tables: ['test_recipients'],
    async apply(tx: Queryable, events: readonly StoredEvent[]) {
      for (const event of events) {
        if (event.type !== 'ShipmentReported') continue;
        const { recipient } = event.data;
        if (recipient === 'AQ' && !state.fixed) throw new Error(`no such country: ${recipient}`);
        await tx.query('INSERT INTO test_recipients (position, stream_id, version, recipient) VALUES ($1, $2, $3, $4)', [
          event.position,
          event.streamId,
          event.version,
          recipient,
        ]);
      }
    },
  };
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in time; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const modes: Mode[] = ['production', 'embedded'];

describe.each(modes)('a poison event in the %s mode', (mode) => {
  let ledger: Ledger;
  let projector: Projector;
  const state = { fixed: false };
  const projection = recipientsProjection(state);
  const applied = async () =>
    (await ledger.db.query<{ stream_id: string; version: number; recipient: string }>('SELECT stream_id, version, recipient FROM test_recipients ORDER BY position')).rows.map(
      (row) => `${row.stream_id}@${row.version}:${row.recipient}`,
    );
  const status = async () => (await readProjectionStatuses(ledger.db, [projection.name])).projections.find((p) => p.name === projection.name);

  beforeAll(async () => {
    ledger = await openTestLedger(`dead_letters_${mode}`, { mode, env: { PROJECTOR_MAX_ATTEMPTS: '3', PROJECTOR_RETRY_BACKOFF_MS: '20' } });
    await ledger.db.query('CREATE TABLE test_recipients (position bigint PRIMARY KEY, stream_id text NOT NULL, version int NOT NULL, recipient text NOT NULL)');
    ledger.startRelay();
    projector = new Projector(ledger.db, ledger.transport, [projection], createLogger('silent', 'test'));
    await projector.start();
  });
  afterAll(async () => {
    await projector?.stop();
    await dropTestLedger(ledger);
  });

  let poison: StoredEvent | undefined;

  it('dead-letters the event after its retries, parks its stream behind it, and applies every other event', async () => {
    await ledger.store.append('shipment-a', 'shipment', 0, [shipmentReported('RU')]);
    await ledger.store.append('shipment-b', 'shipment', 0, [shipmentReported('AQ')]);
    await ledger.store.append('shipment-b', 'shipment', 1, [shipmentReported('BY')]);
    await ledger.store.append('shipment-c', 'shipment', 0, [shipmentReported('IR')]);
    const head = await ledger.store.headPosition();
    poison = (await ledger.store.readStream('shipment-b')).events[0];

    await eventually(() => projectionPosition(ledger.db, projection.name), (position) => position === head);
    expect(await applied()).toEqual(['shipment-a@1:RU', 'shipment-c@1:IR']);
    const letters = await readDeadLetters(ledger.db, { projection: projection.name });
    expect(letters.map((l) => [l.streamId, l.version, l.attempts, l.parkedBehind])).toEqual([
      ['shipment-b', 1, 3, null],
      ['shipment-b', 2, 0, poison?.position],
    ]);
    expect(letters[0]?.reason).toBe('test-recipients: no such country: AQ');
  });

  it('says so in the projection status: caught up, but failed with its dead letters', async () => {
    const current = await status();
    expect(current).toMatchObject({ position: await ledger.store.headPosition(), lag: { events: 0, seconds: 0 }, state: 'failed', deadLetters: 2 });
    expect(current?.reason).toContain(`2 dead-lettered events (first at position ${poison?.position})`);
  });

  // The in-process transport has no topics: in the embedded mode the table is the dead-letter destination.
  const withKafka = mode === 'production' ? it : () => undefined;
  withKafka('copies the message to the dead-letter topic with the reason', async () => {
    const [message] = await readTopics([deadLetterTopic(ledger.config.KAFKA_TOPIC_PREFIX)], (read) => read.length >= 1);
    expect(message?.key).toBe('shipment-b');
    expect(JSON.parse(message?.value ?? '{}')).toEqual(poison?.data);
    expect(message?.headers).toMatchObject({
      ce_id: poison?.eventId,
      ce_type: 'policy-ledger.ShipmentReported.v1',
      ce_position: String(poison?.position),
      dlq_reason: 'test-recipients: no such country: AQ',
      dlq_projection: 'test-recipients',
      dlq_attempts: '3',
      dlq_topic: `${ledger.config.KAFKA_TOPIC_PREFIX}.shipments.v1`,
    });
    expect(new Date(message?.headers.dlq_failed_at ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('replays the dead letters in order after the fix, and is live again', async () => {
    state.fixed = true;
    const outcome = await replayDeadLetters(ledger.db, projection);
    expect(outcome.failed).toEqual([]);
    expect(outcome.replayed).toHaveLength(2);
    expect(await applied()).toEqual(['shipment-a@1:RU', 'shipment-b@1:AQ', 'shipment-b@2:BY', 'shipment-c@1:IR']);
    expect(await status()).toMatchObject({ state: 'live', deadLetters: 0 });
    expect((await replayDeadLetters(ledger.db, projection)).replayed).toEqual([]);

    // The stream is no longer parked: its next event is applied as it comes.
    await ledger.store.append('shipment-b', 'shipment', 2, [shipmentReported('KZ')]);
    const head = await ledger.store.headPosition();
    await eventually(() => projectionPosition(ledger.db, projection.name), (position) => position === head);
    expect((await applied()).at(-1)).toBe('shipment-b@3:KZ');
  });
});
