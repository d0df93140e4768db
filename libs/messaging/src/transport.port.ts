import type { RawEvent, StoredEvent } from '@policy-ledger/contracts';
import type { DeadLetter } from './dead-letter';

export interface EventSubscription {
  close(): Promise<void>;
}

/** What readiness asks of a transport. */
export interface TransportHealth {
  /** Events can be published now: Kafka's producer is connected (always so in-process). */
  readonly publishing: boolean;
  /** Each subscription, and whether it has joined its consumer group (always so in-process). */
  readonly subscriptions: readonly { readonly name: string; readonly joined: boolean }[];
}

/** One reader of the events a subscription delivers (with the projector, a read model). */
export interface Subscriber {
  /** Its name, as its dead letters say. */
  readonly name: string;
  /** Where it stands: every event up to this global position is handled. */
  readonly position: () => Promise<number>;
  /**
   * Called with batches of delivered events, read through the catalogue, each stream's in its
   * order (a batch may be one event); must be idempotent (delivery is at least once). A failure of
   * the events' own is a PoisonEventError.
   */
  readonly handle: (events: readonly StoredEvent[]) => Promise<void>;
  /**
   * Called when `handle` threw a PoisonEventError for an event on every attempt, or the event
   * cannot be read through the catalogue at all: the transport then goes on with the next event
   * (with Kafka, after copying the message to the dead-letter topic). Throwing here means it could
   * not be recorded: the event is tried again later.
   */
  readonly deadLetter?: (letter: DeadLetter) => Promise<void>;
}

export interface SubscribeOptions {
  /** The subscription's name; with Kafka, its consumer group is `<group prefix>.<name>`. */
  readonly name: string;
  /**
   * Everyone the subscription delivers to: each event is fetched and read once, then handed to
   * each of them (separately: one's poison event does not stop the others).
   */
  readonly subscribers: readonly Subscriber[];
}

/**
 * How events leave the ledger and reach its subscribers: Kafka in production, an in-process
 * transport in the embedded mode. The relay publishes, the projector subscribes.
 */
export interface EventTransport {
  readonly kind: 'kafka' | 'in-process';
  publish(events: readonly RawEvent[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<EventSubscription>;
  /** For readiness; Kafka's producer is connected here if it was not yet (bounded wait). */
  health(): Promise<TransportHealth>;
  close(): Promise<void>;
}
