import { streamTypes, type StreamType } from '@policy-ledger/contracts';

export interface TopicSettings {
  /** Topic names are `<prefix>.<stream type>s.v1`, e.g. `policy-ledger.shipments.v1`. */
  readonly prefix: string;
  readonly partitions: number;
  readonly replicationFactor: number;
}

export const TOPIC_SCHEMA_VERSION = 1;

export function topicFor(prefix: string, streamType: string): string {
  return `${prefix}.${streamType}s.v${TOPIC_SCHEMA_VERSION}`;
}

export function allTopics(prefix: string): string[] {
  return streamTypes.map((streamType: StreamType) => topicFor(prefix, streamType));
}

/** Where subscribers put the events they could not apply: `<prefix>.dead-letter.v1`. */
export function deadLetterTopic(prefix: string): string {
  return `${prefix}.dead-letter.v${TOPIC_SCHEMA_VERSION}`;
}
