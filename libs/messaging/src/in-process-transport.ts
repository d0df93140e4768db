import type { RawEvent } from '@policy-ledger/contracts';
import type { Logger } from 'pino';
import type { RetrySettings } from './dead-letter';
import { deliverBatch } from './delivery';
import type { EventSubscription, EventTransport, SubscribeOptions, TransportHealth } from './transport.port';

const BATCH = 1000;

/** Where the in-process transport reads the log: events after a global position, as stored. */
export type ReadLog = (after: number, limit: number) => Promise<RawEvent[]>;

/**
 * The embedded mode's stand-in for Kafka. Its log is the event store itself: global positions are
 * gapless and in commit order, so a subscriber reads every event after where it stands, in
 * order, and a publish only wakes it up. Nothing is lost across a restart: a subscriber starts
 * again after the position it reports it has reached. A poison event (a PoisonEventError on every
 * one of `retry.maxAttempts` tries, or one that cannot be read) goes to the subscriber's
 * `deadLetter` and the log moves on.
 */
export class InProcessTransport implements EventTransport {
  readonly kind = 'in-process';
  private readonly subscribers = new Set<{ name: string; wake: () => void; stop: () => Promise<void> }>();

  constructor(
    private readonly readLog: ReadLog,
    private readonly logger: Logger,
    private readonly retry: RetrySettings = { maxAttempts: 3, backoffMs: 200 },
  ) {}

  async publish(): Promise<void> {
    for (const subscriber of this.subscribers) subscriber.wake();
  }

  async subscribe({ name, subscribers }: SubscribeOptions): Promise<EventSubscription> {
    let running = true;
    let wake: () => void = () => undefined;
    // From where the one furthest behind stands: the others skip what they have handled.
    let after = Math.min(...(await Promise.all(subscribers.map((subscriber) => subscriber.position()))));
    const loop = (async () => {
      while (running) {
        const woken = new Promise<void>((resolve) => (wake = resolve));
        try {
          const events = await this.readLog(after, BATCH);
          await deliverBatch(events, subscribers, this.retry, {
            onRetry: (subscriber, error, attempt) => this.logger.warn({ subscriber, position: error.position, attempt, reason: error.reason }, 'in-process subscriber: apply failed, retrying'),
            onDeadLetter: async (letter) => {
              this.logger.error({ subscriber: letter.subscriber, position: letter.event.position, attempts: letter.attempts, reason: letter.reason }, 'in-process subscriber: event dead-lettered');
            },
          });
          after = events.at(-1)?.position ?? after;
          if (events.length === BATCH) continue;
        } catch (error) {
          this.logger.error({ err: error, subscriber: name, after }, 'in-process subscriber: apply failed, will retry');
          await new Promise((resolve) => setTimeout(resolve, 1000).unref());
          continue;
        }
        await Promise.race([woken, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      }
    })();
    const subscriber = {
      name,
      wake: () => wake(),
      stop: async () => {
        running = false;
        wake();
        await loop;
        this.subscribers.delete(subscriber);
      },
    };
    this.subscribers.add(subscriber);
    return { close: subscriber.stop };
  }

  async health(): Promise<TransportHealth> {
    return { publishing: true, subscriptions: [...this.subscribers].map(({ name }) => ({ name, joined: true })) };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscribers].map((subscriber) => subscriber.stop()));
  }
}
