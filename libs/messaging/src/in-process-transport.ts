import type { EventStore } from '@policy-ledger/event-store';
import type { Logger } from 'pino';
import type { EventSubscription, EventTransport, SubscribeOptions } from './transport.port';

const BATCH = 500;

/**
 * The embedded mode's stand-in for Kafka. Its log is the event store itself: global positions are
 * gapless and in commit order, so a subscriber reads every event after where it stands, in
 * order, and a publish only wakes it up. Nothing is lost across a restart: a subscriber starts
 * again after the position it reports it has reached.
 */
export class InProcessTransport implements EventTransport {
  readonly kind = 'in-process';
  private readonly subscribers = new Set<{ wake: () => void; stop: () => Promise<void> }>();

  constructor(
    private readonly store: EventStore,
    private readonly logger: Logger,
  ) {}

  async publish(): Promise<void> {
    for (const subscriber of this.subscribers) subscriber.wake();
  }

  async subscribe({ name, startAfter, handle }: SubscribeOptions): Promise<EventSubscription> {
    let running = true;
    let wake: () => void = () => undefined;
    let after = await startAfter();
    const loop = (async () => {
      while (running) {
        const woken = new Promise<void>((resolve) => (wake = resolve));
        try {
          const events = await this.store.readAll(after, BATCH);
          for (const event of events) {
            await handle(event);
            after = event.position;
          }
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

  async close(): Promise<void> {
    await Promise.all([...this.subscribers].map((subscriber) => subscriber.stop()));
  }
}
