import type { RawEvent } from '@policy-ledger/contracts';
import type { IHeaders, Message } from 'kafkajs';

/**
 * Events travel as CloudEvents 1.0 in Kafka binary content mode: the attributes are `ce_*`
 * headers, the value is the event's JSON data and the key is the stream id, so one stream's
 * events share a partition and keep their order.
 * Extensions: `ce_position` (global position), `ce_streamtype`, `ce_streamversion`,
 * `ce_schemaversion`, `ce_recordedby`, `ce_correlationid`, `ce_causationid`, and `ce_traceparent`
 * (the CloudEvents distributed tracing extension: the W3C trace context the event was recorded in).
 */
export const CLOUDEVENTS_TYPE_PREFIX = 'policy-ledger.';

export function ceType(type: string, schemaVersion: number): string {
  return `${CLOUDEVENTS_TYPE_PREFIX}${type}.v${schemaVersion}`;
}

export function toKafkaMessage(event: RawEvent): Message {
  return {
    key: event.streamId,
    value: JSON.stringify(event.data),
    headers: {
      ce_specversion: '1.0',
      ce_id: event.eventId,
      ce_type: ceType(event.type, event.schemaVersion),
      ce_source: `/policy-ledger/${event.streamType}s`,
      ce_time: event.recordedAt,
      ce_subject: event.streamId,
      'content-type': 'application/json',
      ce_position: String(event.position),
      ce_streamtype: event.streamType,
      ce_streamversion: String(event.version),
      ce_schemaversion: String(event.schemaVersion),
      ce_recordedby: event.metadata.recordedBy,
      ...(event.metadata.onBehalfOf ? { ce_onbehalfof: event.metadata.onBehalfOf } : {}),
      ce_correlationid: event.metadata.correlationId,
      ...(event.metadata.causationId ? { ce_causationid: event.metadata.causationId } : {}),
      ...(event.metadata.traceparent ? { ce_traceparent: event.metadata.traceparent } : {}),
    },
  };
}

export class MalformedMessageError extends Error {
  constructor(reason: string) {
    super(`not a policy-ledger CloudEvent: ${reason}`);
    this.name = 'MalformedMessageError';
  }
}

function header(headers: IHeaders | undefined, name: string): string {
  const value = headers?.[name];
  const text = Array.isArray(value) ? value[0]?.toString() : value?.toString();
  if (text === undefined) throw new MalformedMessageError(`header ${name} is missing`);
  return text;
}

/** The event a message carries, as stored (the subscriber reads it through the catalogue). */
export function fromKafkaMessage(message: { value: Buffer | null; headers?: IHeaders }): RawEvent {
  if (header(message.headers, 'ce_specversion') !== '1.0') throw new MalformedMessageError('ce_specversion is not 1.0');
  const type = header(message.headers, 'ce_type');
  const match = /^policy-ledger\.([A-Za-z]+)\.v(\d+)$/.exec(type);
  if (!match?.[1]) throw new MalformedMessageError(`ce_type ${type} is not policy-ledger.<Event>.v<n>`);
  if (!message.value) throw new MalformedMessageError('the value is empty');
  const causationId = message.headers?.ce_causationid;
  const onBehalfOf = message.headers?.ce_onbehalfof;
  const traceparent = message.headers?.ce_traceparent;
  return {
    position: Number(header(message.headers, 'ce_position')),
    eventId: header(message.headers, 'ce_id'),
    streamId: header(message.headers, 'ce_subject'),
    streamType: header(message.headers, 'ce_streamtype'),
    version: Number(header(message.headers, 'ce_streamversion')),
    type: match[1],
    schemaVersion: Number(match[2]),
    data: JSON.parse(message.value.toString('utf8')),
    metadata: {
      recordedBy: header(message.headers, 'ce_recordedby'),
      correlationId: header(message.headers, 'ce_correlationid'),
      causationId: causationId === undefined ? null : header(message.headers, 'ce_causationid'),
      ...(onBehalfOf === undefined ? {} : { onBehalfOf: header(message.headers, 'ce_onbehalfof') }),
      ...(traceparent === undefined ? {} : { traceparent: header(message.headers, 'ce_traceparent') }),
    },
    recordedAt: header(message.headers, 'ce_time'),
  };
}
