import type { RawEvent } from '@policy-ledger/contracts';
import { SpanKind, type Span } from '@opentelemetry/api';
import type { Database, Session } from '@policy-ledger/event-store';
import { contextOf, endFailed, EVENTS_APPENDED_CHANNEL, readRawEvents, tracer } from '@policy-ledger/event-store';
import type { Logger } from 'pino';
import type { EventTransport } from './transport.port';

export interface RelaySettings {
  readonly batchSize: number;
  /** The largest batch when the relay is behind. */
  readonly maxBatchSize: number;
  /** How often an idle leader looks for rows it was not notified of. */
  readonly idlePollMs: number;
  /** How often a standby tries to become the leader. */
  readonly standbyRetryMs: number;
}

/** Only one relay publishes at a time: the one holding this session advisory lock. */
const RELAY_LOCK = 7_201_002;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Publishes the outbox, in position order, then marks the rows published. Delivery is at least
 * once: a crash between publish and mark publishes the batch again, and consumers deduplicate
 * (the projector by position, others by the CloudEvents id). While the transport is down commands
 * are still accepted; the backlog goes out when it is back.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private standingBy = false;
  /** Set by each notification of an append; a notification while a batch is out is not lost. */
  private news = false;

  constructor(
    private readonly db: Database,
    private readonly transport: EventTransport,
    private readonly settings: RelaySettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let session: Session | undefined;
      try {
        session = await this.db.session();
        const { rows } = await session.query<{ leader: boolean }>('SELECT pg_try_advisory_lock($1) AS leader', [RELAY_LOCK]);
        if (!rows[0]?.leader) {
          await session.release();
          session = undefined;
          if (!this.standingBy) this.logger.info({ retryMs: this.settings.standbyRetryMs }, 'outbox relay: standing by; another instance publishes the outbox');
          this.standingBy = true;
          await this.idle(this.settings.standbyRetryMs);
          continue;
        }
        this.standingBy = false;
        this.logger.info({ transport: this.transport.kind }, 'outbox relay: leader, publishing');
        await session.listen(EVENTS_APPENDED_CHANNEL, () => {
          this.news = true;
          this.wake?.();
        });
        await this.lead(session);
      } catch (error) {
        // Only database errors reach here (the transport's are handled in lead): elect again.
        this.logger.warn({ err: error }, 'outbox relay: database unavailable, retrying');
        await this.idle(1000);
      } finally {
        await session?.release().catch(() => undefined);
      }
    }
  }

  /**
   * Publishes batch after batch. A full batch means a backlog: the next one is twice as large (up
   * to `maxBatchSize`), so a relay that fell behind catches up in few round trips; a batch that is
   * not full sets it back.
   */
  private async lead(session: Session): Promise<void> {
    let backoff = 200;
    let size = this.settings.batchSize;
    while (this.running) {
      this.news = false;
      const events = await this.pending(session, size);
      const first = events[0];
      const last = events.at(-1);
      if (first && last) {
        const spans = publishSpans(events, this.transport.kind);
        try {
          await this.transport.publish(events);
          for (const span of spans) span.end();
          backoff = 200;
        } catch (error) {
          for (const span of spans) endFailed(span, error);
          this.logger.warn({ err: error, pending: events.length, retryInMs: backoff }, 'outbox relay: transport unavailable, the backlog waits');
          await this.idle(backoff);
          backoff = Math.min(backoff * 2, 5000);
          continue;
        }
        // The batch is every unpublished row from its first position to its last, in order.
        await session.query('UPDATE outbox SET published_at = now() WHERE position BETWEEN $1 AND $2 AND published_at IS NULL', [first.position, last.position]);
        this.logger.debug({ count: events.length, upTo: last.position }, 'outbox relay: published');
      }
      if (events.length < size) {
        size = this.settings.batchSize;
        // Appended while this batch was read or published: look again at once.
        if (!this.news) await this.idle(this.settings.idlePollMs);
      } else {
        size = Math.min(size * 2, this.settings.maxBatchSize);
      }
    }
  }

  /** The next unpublished events, as stored, in position order. */
  private pending(session: Session, limit: number): Promise<RawEvent[]> {
    return readRawEvents(session, { unpublished: true, limit });
  }

  private idle(ms: number): Promise<void> {
    return Promise.race([sleep(ms), new Promise<void>((resolve) => (this.wake = resolve))]);
  }
}

/**
 * A `publish` span per event that was recorded in a trace (its metadata's traceparent), in that
 * trace: the command's trace goes on through the relay. None when tracing was off.
 */
function publishSpans(events: readonly RawEvent[], transport: string): Span[] {
  return events.flatMap((event) => {
    const parent = contextOf(event.metadata.traceparent);
    if (!parent) return [];
    return [
      tracer.startSpan(
        `publish ${event.type}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': transport === 'kafka' ? 'kafka' : 'in-process',
            'messaging.operation.type': 'send',
            'messaging.message.id': event.eventId,
            'policy_ledger.position': event.position,
            'policy_ledger.stream_id': event.streamId,
          },
        },
        parent,
      ),
    ];
  });
}
