import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * What kafkajs reports as a warning or an error but is routine in a consumer group: a rebalance
 * (a member joined or left), or a member that re-joins after its session ended. Logged as info.
 */
const ROUTINE = /rebalancing|re-joining|not aware of this member/i;

/**
 * What kafkajs warns of by design of this ledger: the idempotent producer's retries are bounded on
 * purpose (a publish while Kafka is away fails, and the relay tries the batch again later).
 */
const CHOSEN = /Limiting retries for the idempotent producer/;

/** A kafkajs client whose own log lines go to the app's pino logger. */
export function createKafka(settings: KafkaSettings, logger: Logger): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 5 },
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, ...rest } = log;
        const text = typeof message === 'string' ? message : '';
        logger[CHOSEN.test(text) ? 'debug' : ROUTINE.test(text) ? 'info' : (levels[level] ?? 'info')]({ kafka: namespace, ...rest }, message);
      },
  });
}
