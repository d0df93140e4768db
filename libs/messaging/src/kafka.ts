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
        const routine = typeof message === 'string' && ROUTINE.test(message);
        logger[routine ? 'info' : (levels[level] ?? 'info')]({ kafka: namespace, ...rest }, message);
      },
  });
}
