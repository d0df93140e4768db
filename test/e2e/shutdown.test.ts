import type { Ledger } from '@policy-ledger/runtime';
import { dprkShipment } from '@policy-ledger/testing';
import { testKafka } from '../support/kafka-reader';
import { runService as run, type Service } from '../support/service-process';
import { dropTestLedger, openTestLedger, UNLIMITED } from '../support/test-ledger';

/** The bound the service is given, and must exit within. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

interface Outcome {
  readonly id: string;
  readonly started: number;
  readonly ended: number;
  readonly status?: number;
  readonly error?: string;
}

describe('SIGTERM under load', () => {
  let ledger: Ledger;
  let env: Record<string, string>;
  let authorization: string;
  const running: Service[] = [];

  beforeAll(async () => {
    // The database and its schema; the services run in processes of their own on it.
    ledger = await openTestLedger('e2e_shutdown');
    if (ledger.config.mode !== 'production') throw new Error('production mode expected');
    // A key exists, so the API starts without making a first admin key; its clients write with it.
    authorization = `Bearer ${(await ledger.keys.create('shutdown-test', 'reporter', null)).secret}`;
    const { DATABASE_URL, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, PROJECTOR_GROUP_PREFIX } = ledger.config;
    env = {
      DATABASE_URL,
      KAFKA_BROKERS: KAFKA_BROKERS.join(','),
      KAFKA_TOPIC_PREFIX,
      PROJECTOR_GROUP_PREFIX,
      HOST: '127.0.0.1',
      PORT: '0',
      PROJECTOR_PORT: '0',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      ...UNLIMITED,
    };
  });
  afterAll(async () => {
    for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGKILL');
    if (ledger) await dropTestLedger(ledger);
  });

  it('API: answers every request in flight, loses no accepted command, ends SSE streams with a retry hint, exits 0 in time', async () => {
    const api = run('api', env);
    running.push(api);
    const started = await api.waitForLog((line) => typeof line.url === 'string' && typeof line.mode === 'string');
    const url = started.url as string;

    // An open SSE stream.
    const sse = await fetch(`${url}/events/stream?after=0`);
    let streamed = '';
    const streamEnded = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of sse.body as ReadableStream<Uint8Array>) streamed += decoder.decode(chunk, { stream: true });
    })();

    // 16 clients posting commands back to back; no new request once SIGTERM is sent.
    let stop = false;
    let sent = 0;
    const outcomes: Outcome[] = [];
    const clients = Array.from({ length: 16 }, async (_, client) => {
      while (!stop) {
        const id = `sigterm-${client}-${sent++}`;
        const begin = Date.now();
        try {
          const response = await fetch(`${url}/shipments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ id, ...dprkShipment }) });
          await response.text();
          outcomes.push({ id, started: begin, ended: Date.now(), status: response.status });
        } catch (error) {
          outcomes.push({ id, started: begin, ended: Date.now(), error: String((error as Error).cause ?? error) });
        }
      }
    });
    while (outcomes.filter((outcome) => outcome.status === 201).length < 100) await new Promise((resolve) => setTimeout(resolve, 20));
    const signalled = Date.now();
    stop = true;
    api.child.kill('SIGTERM');
    await Promise.all(clients);
    const { code, at } = await api.exited;
    await streamEnded;

    // Exit within the bound, cleanly.
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(api.logs.some((line) => line.msg === 'shutdown: done')).toBe(true);
    // Requests were in flight when the signal came, and were answered after it; none with a 5xx.
    expect(outcomes.filter((outcome) => outcome.started <= signalled && outcome.ended >= signalled && outcome.status === 201).length).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => (outcome.status ?? 0) >= 500)).toEqual([]);
    // Every command answered 201 is in the log, and nothing else is: a request that got no answer
    // (sent on a kept-alive connection as the server closed it, on a machine too busy for it to
    // arrive within the drain's quiet period) was never received, so nothing of it was stored.
    const accepted = outcomes.filter((outcome) => outcome.status === 201).map((outcome) => `shipment-${outcome.id}`);
    const { rows } = await ledger.db.query<{ stream_id: string }>('SELECT stream_id FROM events');
    const stored = new Set(rows.map((row) => row.stream_id));
    expect(accepted.filter((streamId) => !stored.has(streamId))).toEqual([]);
    expect(stored.size).toBe(accepted.length);
    const unanswered = outcomes.filter((outcome) => outcome.error !== undefined);
    expect(unanswered.filter((outcome) => outcome.started < signalled - 1000)).toEqual([]);
    // The SSE stream was ended by the server, with a hint of when to reconnect.
    expect(streamed).toMatch(/: the server is shutting down; reconnect with Last-Event-ID\nretry: \d+\n\n$/);
  });

  it('projector: commits what it applied, leaves its consumer group, exits 0 in time', async () => {
    const projector = run('projector', env);
    running.push(projector);
    const started = await projector.waitForLog((line) => typeof line.operations === 'string');
    const operations = started.operations as string;
    // Ready once its group joined; then caught up with what the relay published.
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${operations}/health/ready`).then((response) => response.status, () => 0)) !== 200) {
      if (Date.now() > deadline) throw new Error('the projector never became ready');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const published = await ledger.db.query<{ count: number }>('SELECT count(*)::int AS count FROM outbox WHERE published_at IS NOT NULL');
    const target = published.rows[0]?.count ?? 0;
    expect(target).toBeGreaterThan(0);
    while (((await ledger.readModels.statuses()).projections.find((p) => p.name === 'shipment-corridors')?.position ?? 0) < target) {
      if (Date.now() > deadline) throw new Error('the projector never caught up');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const signalled = Date.now();
    projector.child.kill('SIGTERM');
    const { code, at } = await projector.exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(SHUTDOWN_TIMEOUT_MS);

    // Its offsets are committed up to the end of each partition, and no member is left in the group.
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const groupId = `${env.PROJECTOR_GROUP_PREFIX}.read-models`;
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${env.KAFKA_TOPIC_PREFIX}.`) && !topic.includes('dead-letter'));
      let committed = 0;
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
        const ends = await admin.fetchTopicOffsets(topic);
        for (const { partition, offset } of partitions) {
          const high = ends.find((end) => end.partition === partition)?.high;
          // A partition that never had a message has nothing to commit (-1).
          expect({ topic, partition, offset }).toEqual({ topic, partition, offset: high === '0' ? '-1' : high });
          committed += Math.max(0, Number(offset));
        }
      }
      expect(committed).toBeGreaterThanOrEqual(target);
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]?.members).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});
