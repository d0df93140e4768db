import { SpanKind, type Span } from '@opentelemetry/api';
import type { StoredEvent } from '@policy-ledger/contracts';
import { contextOf, type Database, endFailed, readEvents, tracer } from '@policy-ledger/event-store';
import type { DeadLetter, EventSubscription, EventTransport } from '@policy-ledger/messaging';
import type { Logger } from 'pino';
import { advanceCheckpoint, applyBatch, firstUnapplied, projectionPosition, registerProjection } from './checkpoints/checkpoints.repository';
import { clearFailure, recordDeadLetter, recordFailure } from './dead-letters/dead-letters.repository';
import type { Projection } from './projection';

/** Events taken from the store per batch when Kafka lost some, and batches per look (then the next look goes on). */
const HEAL_BATCH_SIZE = 5000;
const HEAL_BATCHES = 20;

/** How often the healer looks: twice per `healAfterMs` (at most every 5 s), so an event waited for that long is taken soon after. */
const healLookMs = (healAfterMs: number) => Math.min(5000, Math.max(500, healAfterMs / 2));

export interface ProjectorSettings {
  /**
   * An event published this long ago that a projection still waits for is taken from the event
   * store (which holds every event): it may be gone from Kafka (retention, expired offsets).
   */
  readonly healAfterMs: number;
}

/** What the projector reports, for metrics (libs/observability implements it). */
export interface ProjectorObserver {
  /** A projection applied a batch of `events` in `seconds` (one transaction). */
  recordApplied(projection: string, events: number, seconds: number): void;
}

/**
 * Keeps the read models: one subscription (with Kafka, one consumer group reading every topic)
 * whose batches each projection applies in a transaction of its own, each event once, then moves
 * its checkpoint. Every event is fetched and read once for all of them. An event that keeps failing is dead-lettered by the transport and
 * recorded here; the projection goes on with the next one. An event the transport never brings
 * is taken from the event store.
 */
export class Projector {
  private subscription: EventSubscription | undefined;
  private readonly failing = new Set<string>();
  private readonly advancing = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private healer: NodeJS.Timeout | undefined;
  private readonly stalled = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly transport: EventTransport,
    private readonly projections: readonly Projection[],
    private readonly logger: Logger,
    private readonly settings: ProjectorSettings = { healAfterMs: 30_000 },
    private readonly observer?: ProjectorObserver,
  ) {}

  async start(): Promise<void> {
    for (const projection of this.projections) await registerProjection(this.db, projection.name);
    this.subscription = await this.transport.subscribe({
      name: 'read-models',
      subscribers: this.projections.map((projection) => ({
        name: projection.name,
        position: () => projectionPosition(this.db, projection.name),
        handle: (events: readonly StoredEvent[]) => this.apply(projection, events),
        deadLetter: async (letter: DeadLetter) => {
          await recordDeadLetter(this.db, letter);
          this.failing.delete(projection.name);
        },
      })),
    });
    this.logger.info({ projections: this.projections.map((projection) => projection.name), transport: this.transport.kind }, 'projector: subscribed');
    this.healer = setInterval(() => void this.healGaps().catch((error: unknown) => this.logger.warn({ err: error }, 'projector: looking for gaps failed')), healLookMs(this.settings.healAfterMs));
    this.healer.unref();
  }

  /**
   * Applies a batch, and keeps the projection's failure in its checkpoint row while applying
   * fails, for GET /projections.
   */
  private async apply(projection: Projection, events: readonly StoredEvent[]): Promise<void> {
    const spans = applySpans(projection.name, events);
    const started = performance.now();
    try {
      await applyBatch(this.db, projection, events);
      for (const span of spans) span.end();
      this.observer?.recordApplied(projection.name, events.length, (performance.now() - started) / 1000);
    } catch (error) {
      for (const span of spans) endFailed(span, error);
      this.failing.add(projection.name);
      const reason = error instanceof Error ? error.message : String(error);
      await recordFailure(this.db, projection.name, events[0]?.position ?? 0, reason).catch(() => undefined);
      throw error;
    }
    if (this.failing.delete(projection.name)) await clearFailure(this.db, projection.name);
    await this.advance(projection.name);
  }

  /** Moves the checkpoint; one advance per projection at a time, another after it if batches came meanwhile. */
  private advance(name: string): Promise<void> {
    const running = this.advancing.get(name);
    if (running) {
      this.again.add(name);
      return running;
    }
    const run = (async () => {
      do {
        this.again.delete(name);
        await advanceCheckpoint(this.db, name);
      } while (this.again.has(name));
    })().finally(() => this.advancing.delete(name));
    this.advancing.set(name, run);
    return run;
  }

  /**
   * For each projection whose checkpoint has not moved since the last look: if the event it waits
   * for was published more than `healAfterMs` ago (its partition's owner died and the group has not
   * rebalanced yet, a catch-up drains another partition first, or Kafka lost it: retention, expired
   * offsets), catch up from the store, which holds every event: everything after the checkpoint, a batch at a time (what the
   * projection has applied already is skipped), then go on with the topic.
   */
  private async healGaps(): Promise<void> {
    for (const projection of this.projections) {
      const position = await projectionPosition(this.db, projection.name);
      const stalledAt = this.stalled.get(projection.name);
      this.stalled.set(projection.name, position);
      if (stalledAt !== position) continue;
      const waiting = await firstUnapplied(this.db, projection.name);
      if (!waiting) continue;
      const { rows } = await this.db.query<{ age_ms: number | null }>(
        'SELECT extract(epoch FROM now() - published_at) * 1000 AS age_ms FROM outbox WHERE position = $1',
        [waiting.position],
      );
      const age = rows[0]?.age_ms;
      if (age === null || age === undefined || age < this.settings.healAfterMs) continue;
      // Routine: a dead projector's partitions wait for its session to time out, and a catch-up
      // drains partitions out of global order; Kafka may also have lost the event (retention).
      this.logger.info(
        { projection: projection.name, position: waiting.position, streamId: waiting.streamId, publishedMsAgo: Math.round(age) },
        'projector: the next event was published a while ago and has not come from Kafka; applying from the event store in position order',
      );
      let after = position;
      for (let batch = 0; batch < HEAL_BATCHES; batch++) {
        const events = await readEvents(this.db, { after, limit: HEAL_BATCH_SIZE });
        if (events.length > 0) await this.apply(projection, events);
        if (events.length < HEAL_BATCH_SIZE) break;
        after = (events.at(-1) as StoredEvent).position;
      }
      this.stalled.set(projection.name, await projectionPosition(this.db, projection.name));
      this.logger.info({ projection: projection.name, position: this.stalled.get(projection.name) }, 'projector: caught up from the event store; back to the topic');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.healer);
    await this.subscription?.close();
    this.subscription = undefined;
    await Promise.all(this.advancing.values());
  }
}

/**
 * An `apply` span per event recorded in a trace, in that trace (from its metadata's traceparent,
 * which Kafka carries as ce_traceparent): the trace of a command ends where its events reach each
 * read model. The events of a batch apply in one transaction, so their spans share its timing.
 */
function applySpans(projection: string, events: readonly StoredEvent[]): Span[] {
  return events.flatMap((event) => {
    const parent = contextOf(event.metadata.traceparent);
    if (!parent) return [];
    return [
      tracer.startSpan(
        `apply ${projection}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.operation.type': 'process',
            'messaging.message.id': event.eventId,
            'policy_ledger.projection': projection,
            'policy_ledger.event_type': event.type,
            'policy_ledger.position': event.position,
            'policy_ledger.batch_size': events.length,
          },
        },
        parent,
      ),
    ];
  });
}
