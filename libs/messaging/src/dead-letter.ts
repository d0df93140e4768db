import type { RawEvent } from '@policy-ledger/contracts';
import type { IHeaders, Message } from 'kafkajs';
import { PoisonEventError } from './poison-event.error';

/** How often a poison event is tried, and the pause before the second try (doubling after). */
export interface RetrySettings {
  readonly maxAttempts: number;
  readonly backoffMs: number;
}

/** An event a subscriber gave up on, and why. */
export interface DeadLetter {
  readonly subscriber: string;
  readonly event: RawEvent;
  readonly reason: string;
  readonly attempts: number;
  readonly failedAt: string;
}

/** The longest reason a dead letter keeps. */
export const REASON_MAX = 2000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` until it succeeds or has thrown a PoisonEventError `maxAttempts` times; returns the
 * last such error then, and nothing on success. Any other error is thrown at once: it is not the
 * event's fault, and the caller retries it as long as it takes.
 */
export async function tryPoisonable(
  work: () => Promise<void>,
  retry: RetrySettings,
  onRetry: (error: PoisonEventError, attempt: number) => void,
): Promise<{ error: PoisonEventError; attempts: number } | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return undefined;
    } catch (error) {
      if (!(error instanceof PoisonEventError)) throw error;
      if (attempt >= retry.maxAttempts) return { error, attempts: attempt };
      onRetry(error, attempt);
      await sleep(retry.backoffMs * 2 ** (attempt - 1));
    }
  }
}

export function deadLetterOf(subscriber: string, event: RawEvent, failure: { error: PoisonEventError; attempts: number }, failedAt: Date): DeadLetter {
  return { subscriber, event, reason: failure.error.reason.slice(0, REASON_MAX), attempts: failure.attempts, failedAt: failedAt.toISOString() };
}

/** Where a dead-lettered Kafka message came from. */
export interface MessageOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * The dead-letter topic's copy of a message: the original key, value and headers, plus why and
 * where it failed (`dlq_reason`, `dlq_projection`, `dlq_failed_at`, `dlq_attempts` and the
 * original `dlq_topic`, `dlq_partition`, `dlq_offset`).
 */
export function deadLetterMessage(
  original: { key: Buffer | string | null; value: Buffer | string | null; headers?: IHeaders },
  letter: { subscriber: string; reason: string; attempts: number; failedAt: string },
  origin: MessageOrigin,
): Message {
  return {
    key: original.key,
    value: original.value,
    headers: {
      ...original.headers,
      dlq_reason: letter.reason.slice(0, REASON_MAX),
      dlq_projection: letter.subscriber,
      dlq_failed_at: letter.failedAt,
      dlq_attempts: String(letter.attempts),
      dlq_topic: origin.topic,
      dlq_partition: String(origin.partition),
      dlq_offset: origin.offset,
    },
  };
}
