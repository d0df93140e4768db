import { decodeEvent, type RawEvent, type StoredEvent, UndecodableEventError } from '@policy-ledger/contracts';
import { type DeadLetter, deadLetterOf, REASON_MAX, type RetrySettings, tryPoisonable } from './dead-letter';
import { PoisonEventError } from './poison-event.error';
import type { Subscriber } from './transport.port';

/**
 * Hands a batch of events to each subscriber, as every transport does. Each event is read through
 * the catalogue once; one that cannot be read is dead-lettered at once for every subscriber (no
 * retry mends that), after the events before it and before those after it, so that its stream's
 * order holds. Each subscriber gets the others in one call; when that fails for a reason of the
 * events' own, they are tried one by one, each as `tryPoisonable` does, and the one at fault is
 * dead-lettered for that subscriber after its tries. Any other error is thrown: the transport
 * tries the batch again later (what a subscriber already handled, it skips).
 */
export async function deliverBatch(
  raws: readonly RawEvent[],
  subscribers: readonly Subscriber[],
  retry: RetrySettings,
  report: {
    readonly onRetry: (subscriber: string, error: PoisonEventError, attempt: number) => void;
    /** Where a dead letter goes besides the subscriber (e.g. the dead-letter topic). */
    readonly onDeadLetter?: (letter: DeadLetter) => Promise<void>;
  },
): Promise<void> {
  const deadLetter = async (subscriber: Subscriber, letter: DeadLetter) => {
    await report.onDeadLetter?.(letter);
    if (!subscriber.deadLetter) throw new Error(`${subscriber.name}: ${letter.reason}`);
    await subscriber.deadLetter(letter);
  };
  let segment: StoredEvent[] = [];
  const flush = async () => {
    const events = segment;
    segment = [];
    if (events.length > 0) await Promise.all(subscribers.map((subscriber) => handleOrFindPoison(events, subscriber, retry, report.onRetry, deadLetter)));
  };
  for (const raw of raws) {
    try {
      segment.push(decodeEvent(raw));
    } catch (error) {
      if (!(error instanceof UndecodableEventError)) throw error;
      await flush();
      const failedAt = new Date().toISOString();
      for (const subscriber of subscribers) {
        await deadLetter(subscriber, { subscriber: subscriber.name, event: raw, reason: error.message.slice(0, REASON_MAX), attempts: 1, failedAt });
      }
    }
  }
  await flush();
}

async function handleOrFindPoison(
  events: readonly StoredEvent[],
  subscriber: Subscriber,
  retry: RetrySettings,
  onRetry: (subscriber: string, error: PoisonEventError, attempt: number) => void,
  deadLetter: (subscriber: Subscriber, letter: DeadLetter) => Promise<void>,
): Promise<void> {
  if (events.length > 1) {
    try {
      return await subscriber.handle(events);
    } catch (error) {
      if (!(error instanceof PoisonEventError)) throw error;
    }
  }
  for (const event of events) {
    const failure = await tryPoisonable(() => subscriber.handle([event]), retry, (error, attempt) => onRetry(subscriber.name, error, attempt));
    if (failure) await deadLetter(subscriber, deadLetterOf(subscriber.name, event, failure, new Date()));
  }
}

