import type { RawEvent, StoredEvent } from '@policy-ledger/contracts';
import type { DeadLetter } from './dead-letter';

export interface EventSubscription {
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** The subscriber's name; with Kafka, its consumer group is `<group prefix>.<name>`. */
  readonly name: string;
  /**
   * Where a subscriber that keeps no offsets in the transport starts: every event after this
   * global position. Kafka keeps the group's offsets and does not ask.
   */
  readonly startAfter: () => Promise<number>;
  /**
   * Called with batches of delivered events, read through the catalogue, each stream's in its order
   * (a batch may be one event); must be idempotent (delivery is at least once).
   */
  readonly handle: (events: readonly StoredEvent[]) => Promise<void>;
  /**
   * Called when `handle` threw a PoisonEventError for an event on every attempt, or the event
   * cannot be read through the catalogue at all: the transport
   * then goes on with the next event (with Kafka, after copying the message to the dead-letter
   * topic). Throwing here means it could not be recorded: the event is tried again later.
   */
  readonly deadLetter?: (letter: DeadLetter) => Promise<void>;
}

/**
 * How events leave the ledger and reach its subscribers: Kafka in production, an in-process
 * transport in the embedded mode. The relay publishes, the projector subscribes.
 */
export interface EventTransport {
  readonly kind: 'kafka' | 'in-process';
  publish(events: readonly RawEvent[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<EventSubscription>;
  close(): Promise<void>;
}
