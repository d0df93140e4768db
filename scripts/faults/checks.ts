import type { Database, Queryable } from '@policy-ledger/event-store';
import { allTopics } from '@policy-ledger/messaging';
import { projections, rebuildProjection } from '@policy-ledger/projections';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { CommandRecord } from './load';
import { sleep, waitFor } from './processes';
import { getJson } from './service';

interface ProjectionsStatus {
  head: number;
  projections: { name: string; position: number; state: string; deadLetters: number; reason?: string }[];
}

/** Waits until every read model's checkpoint is the head of the log, live, with no dead letter. */
export async function waitCaughtUp(url: string, timeoutMs: number): Promise<ProjectionsStatus> {
  let last: ProjectionsStatus | undefined;
  try {
    return await waitFor(
      'read models caught up with the log',
      async () => {
        const { status, body } = await getJson<ProjectionsStatus>(`${url}/projections`);
        if (status !== 200) return false;
        last = body;
        const poisoned = body.projections.filter((projection) => projection.deadLetters > 0);
        if (poisoned.length > 0) throw new DeadLettersError(poisoned.map((p) => `${p.name}: ${p.deadLetters} dead letters (${p.reason ?? ''})`).join('; '));
        return body.projections.every((projection) => projection.position === body.head && projection.state === 'live') && body;
      },
      timeoutMs,
      300,
    );
  } catch (error) {
    const where = last ? ` (head ${last.head}; ${last.projections.map((p) => `${p.name} at ${p.position} ${p.state}`).join(', ')})` : '';
    throw new Error(`${(error as Error).message}${where}`, { cause: error });
  }
}

class DeadLettersError extends Error {}

/** One event of the log as GET /events shows it. */
export interface LoggedEvent {
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly version: number;
  readonly correlationId: string | undefined;
}

/** The whole log, page by page, through GET /events (the same in both modes). */
export async function readLog(url: string): Promise<{ head: number; events: LoggedEvent[] }> {
  const events: LoggedEvent[] = [];
  let after = 0;
  let head: number;
  for (;;) {
    const { status, body } = await getJson<{ events: (LoggedEvent & { metadata: { correlationId?: string } })[]; next: number | null; head: number }>(
      `${url}/events?after=${after}&limit=1000`,
      undefined,
      30_000,
    );
    if (status !== 200) throw new Error(`GET /events?after=${after} answered ${status}`);
    for (const event of body.events) {
      events.push({ position: event.position, eventId: event.eventId, streamId: event.streamId, version: event.version, correlationId: event.metadata?.correlationId });
    }
    head = body.head;
    if (body.next === null || body.events.length === 0) break;
    after = body.next;
  }
  return { head, events };
}

export interface LogVerdict {
  readonly gapless: boolean;
  /** Acknowledged, but no event carries the command's key. */
  readonly lost: CommandRecord[];
  /** The command's key is on more than one event. */
  readonly duplicated: string[];
  readonly problems: string[];
}

/**
 * Every acknowledged command of `records` is in the log exactly once (its key is the event's
 * correlation id) at the position, stream and version its 201 said; positions 1..head without a gap.
 */
export function checkLog(records: readonly CommandRecord[], log: { head: number; events: readonly LoggedEvent[] }): LogVerdict {
  const problems: string[] = [];
  const byKey = new Map<string, LoggedEvent[]>();
  for (const event of log.events) {
    if (!event.correlationId) continue;
    const list = byKey.get(event.correlationId) ?? [];
    list.push(event);
    byKey.set(event.correlationId, list);
  }
  const positions = log.events.map((event) => event.position).sort((a, b) => a - b);
  const firstGap = positions.findIndex((position, index) => position !== index + 1);
  const gapless = firstGap < 0 && positions.length === log.head;
  if (!gapless) problems.push(`log not gapless: ${positions.length} events, head ${log.head}${firstGap >= 0 ? `, position ${firstGap + 1} missing (next is ${positions[firstGap]})` : ''}`);

  const lost: CommandRecord[] = [];
  const duplicated: string[] = [];
  for (const record of records) {
    const found = byKey.get(record.key) ?? [];
    if (found.length > 1) duplicated.push(record.key);
    if (record.outcome !== 'acknowledged' || !record.answer) continue;
    if (found.length === 0) {
      lost.push(record);
      continue;
    }
    const event = found[0] as LoggedEvent;
    const { streamId, version, position } = record.answer;
    if (found.length === 1 && (event.streamId !== streamId || event.version !== version || event.position !== position)) {
      problems.push(`${record.key}: the 201 said ${streamId} v${version} at ${position}, the log has ${event.streamId} v${event.version} at ${event.position}`);
    }
  }
  for (const record of lost.slice(0, 10)) problems.push(`lost: ${record.key} ${record.path} acknowledged ${JSON.stringify(record.answer)} (after ${record.attempts} tries)`);
  for (const key of duplicated.slice(0, 10)) problems.push(`duplicated: ${key} at positions ${(byKey.get(key) ?? []).map((event) => event.position).join(', ')}`);
  return { gapless, lost, duplicated, problems };
}

/** The same counts straight from the events table: count, lowest and highest position, the sequence. */
export async function logCounts(db: Queryable): Promise<{ count: number; min: number; max: number; last: number }> {
  const { rows } = await db.query<{ count: number; min: number; max: number; last: number }>(
    `SELECT count(*)::int AS count, coalesce(min(position), 0)::int AS min, coalesce(max(position), 0)::int AS max,
            (SELECT last_position FROM ledger_sequence)::int AS last FROM events`,
  );
  return rows[0] as { count: number; min: number; max: number; last: number };
}

/** Every read table, row by row (each row as its canonical jsonb text), ordered by id. */
export async function dumpReadModels(db: Queryable): Promise<Map<string, string[]>> {
  const dump = new Map<string, string[]>();
  for (const table of projections.flatMap((projection) => projection.tables)) {
    const { rows } = await db.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY id`);
    dump.set(table, rows.map((row) => row.row));
  }
  return dump;
}

/** The differences between two dumps, table by table (empty when they are equal). */
export function compareDumps(live: Map<string, string[]>, rebuilt: Map<string, string[]>): string[] {
  const differences: string[] = [];
  for (const [table, rows] of live) {
    const other = rebuilt.get(table) ?? [];
    const idOf = (row: string) => (JSON.parse(row) as { id: string }).id;
    const a = new Map(rows.map((row) => [idOf(row), row]));
    const b = new Map(other.map((row) => [idOf(row), row]));
    const differing = [...new Set([...a.keys(), ...b.keys()])].filter((id) => a.get(id) !== b.get(id));
    if (differing.length > 0) {
      differences.push(`${table}: ${differing.length} of ${a.size} rows differ from the rebuild (${b.size} rows), e.g. ${differing.slice(0, 3).join(', ')}`);
      const first = differing[0] as string;
      differences.push(`  live:    ${(a.get(first) ?? '(none)').slice(0, 600)}`);
      differences.push(`  rebuilt: ${(b.get(first) ?? '(none)').slice(0, 600)}`);
    }
  }
  return differences;
}

/** A short-lived connection to the suite's own PostgreSQL. */
export async function withClient<T>(url: string, work: (db: Queryable) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work({ query: async (text, params = []) => ({ rows: (await client.query(text, [...params])).rows }) } as Queryable);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Production: dump the read tables, rebuild every read model from scratch with
 * POST /admin/projections/{name}/rebuild (while the projector runs), wait until each is swapped in
 * (its tables are new ones) and live at the head, dump again; answers the differences.
 */
export async function rebuildOverHttp(url: string, adminKey: string, databaseUrl: string): Promise<string[]> {
  const live = await withClient(databaseUrl, dumpReadModels);
  for (const projection of projections) {
    const oids = () =>
      withClient(databaseUrl, async (db) => {
        const { rows } = await db.query<{ oid: string }>(
          `SELECT c.oid::text AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = ANY($1::text[]) ORDER BY c.relname`,
          [projection.tables],
        );
        return rows.map((row) => row.oid).join(',');
      });
    const before = await oids();
    const response = await fetch(`${url}/admin/projections/${projection.name}/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}` } });
    if (response.status !== 202) throw new Error(`POST /admin/projections/${projection.name}/rebuild answered ${response.status}: ${await response.text()}`);
    await waitFor(
      `${projection.name} rebuilt and live`,
      async () => {
        const now = await oids();
        if (now === before || now.split(',').length !== projection.tables.length) return false;
        const { body } = await getJson<ProjectionsStatus>(`${url}/projections`);
        const status = body.projections.find((candidate) => candidate.name === projection.name);
        return status?.state === 'live' && status.position === body.head;
      },
      90_000,
      200,
    );
  }
  const rebuilt = await withClient(databaseUrl, dumpReadModels);
  return compareDumps(live, rebuilt);
}

/**
 * Embedded, with the service stopped (PGlite serves one process): dump, rebuild every read model
 * from scratch with the code of `npm run projections:rebuild`, dump again; answers the differences.
 */
export async function rebuildInProcess(db: Database): Promise<string[]> {
  const live = await dumpReadModels(db);
  for (const projection of projections) await rebuildProjection(db, projection);
  return compareDumps(live, await dumpReadModels(db));
}

export interface KafkaVerdict {
  readonly ordered: boolean;
  readonly messages: number;
  readonly redelivered: number;
  readonly problems: string[];
}

/**
 * Reads the event topics from the beginning with a kafkajs consumer of the suite's own (a group of
 * its own) until every event of the log is there, then checks each stream: the first occurrence of
 * each version comes in version order (redeliveries are allowed: delivery is at least once), the
 * event ids are the log's, and no stream misses an event.
 */
export async function checkKafka(brokers: string, prefix: string, log: readonly LoggedEvent[], timeoutMs: number): Promise<KafkaVerdict> {
  const kafka = new Kafka({ brokers: [brokers], clientId: 'policy-ledger-faults', logLevel: logLevel.NOTHING });
  const expected = new Map(log.map((event) => [event.eventId, event]));
  const seen = new Set<string>();
  const messages: { key: string; eventId: string; version: number }[] = [];
  const admin = kafka.admin();
  await admin.connect();
  let topics: string[];
  try {
    const wanted = allTopics(prefix);
    topics = await waitFor(
      'the event topics',
      async () => {
        const existing = new Set(await admin.listTopics());
        const present = wanted.filter((topic) => existing.has(topic));
        return present.length > 0 && present;
      },
      timeoutMs,
    );
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId: `policy-ledger-faults-reader-${randomUUID()}`, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const header = (name: string) => message.headers?.[name]?.toString() ?? '';
        const eventId = header('ce_id');
        messages.push({ key: message.key?.toString() ?? '', eventId, version: Number(header('ce_streamversion')) });
        if (expected.has(eventId)) seen.add(eventId);
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (seen.size < expected.size && Date.now() < deadline) await sleep(200);
  } finally {
    await consumer.disconnect();
  }

  const problems: string[] = [];
  if (seen.size < expected.size) {
    const missing = [...expected.values()].filter((event) => !seen.has(event.eventId));
    problems.push(`${missing.length} events of the log are not on Kafka after ${timeoutMs / 1000} s, e.g. ${missing.slice(0, 3).map((e) => `${e.streamId} v${e.version} (position ${e.position})`).join(', ')}`);
  }
  const next = new Map<string, number>();
  let redelivered = 0;
  for (const message of messages) {
    const expectedVersion = next.get(message.key) ?? 1;
    const event = expected.get(message.eventId);
    if (event && (event.streamId !== message.key || event.version !== message.version)) {
      problems.push(`message ${message.eventId} keyed ${message.key} v${message.version}, but the log has ${event.streamId} v${event.version}`);
    }
    if (message.version < expectedVersion) redelivered += 1;
    else if (message.version === expectedVersion) next.set(message.key, expectedVersion + 1);
    else problems.push(`${message.key}: version ${message.version} came before version ${expectedVersion}`);
  }
  return { ordered: problems.length === 0, messages: messages.length, redelivered, problems: problems.slice(0, 20) };
}
