import { eventCatalogue, type EventType, streamTypes } from '@policy-ledger/contracts';
import type { RawEvent } from '@policy-ledger/contracts';
import type { IHeaders } from 'kafkajs';
import { z } from 'zod';
import { toKafkaMessage } from './cloud-event';
import { deadLetterMessage } from './dead-letter';
import { deadLetterTopic, topicFor, type TopicSettings } from './topics';

export interface AsyncApiOptions extends TopicSettings {
  /** The document's version (the package's). */
  readonly version: string;
  /** The broker list shown as the server. */
  readonly brokers: string;
}

type Schema = Record<string, unknown>;

/**
 * What each header means. The headers themselves come from `toKafkaMessage` and
 * `deadLetterMessage`, the code that writes them: a header added there without a line here stops
 * the generator. `fixed` headers have one value per event type, shown as a constant.
 */
const headerDocs: Record<string, { description: string; fixed?: boolean; optional?: boolean; format?: string; pattern?: string }> = {
  ce_specversion: { description: 'CloudEvents spec version', fixed: true },
  ce_id: { description: 'the event id: deduplicate on it (delivery is at least once)', format: 'uuid' },
  ce_type: { description: 'policy-ledger.<event type>.v<schema version>', fixed: true },
  ce_source: { description: '/policy-ledger/<stream type>s', fixed: true },
  ce_time: { description: 'when the ledger recorded the event (RFC 3339)', format: 'date-time' },
  ce_subject: { description: 'the stream id (also the key)' },
  'content-type': { description: 'the value is the event data as JSON (CloudEvents binary content mode)', fixed: true },
  ce_position: { description: 'extension: global position in the ledger, gapless and in commit order', pattern: '^[0-9]+$' },
  ce_streamtype: { description: 'extension: the stream (aggregate) type', fixed: true },
  ce_streamversion: { description: "extension: the event's version within its stream, from 1", pattern: '^[0-9]+$' },
  ce_schemaversion: { description: "extension: the version of the data's schema", fixed: true },
  ce_recordedby: { description: 'extension: the name of the API key that recorded the fact' },
  ce_onbehalfof: { description: "extension: on whose behalf the key recorded it (the client's X-Recorded-By), when it said", optional: true },
  ce_correlationid: { description: 'extension: the request it came with (X-Correlation-Id)' },
  ce_causationid: { description: 'extension: the event that caused this one, when one did', optional: true },
  ce_traceparent: {
    description: 'extension (CloudEvents distributed tracing): the W3C trace context of the command that recorded the event, when tracing is on; continue its trace from it',
    optional: true,
    pattern: '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
  },
  dlq_reason: { description: 'why the subscriber gave up on the message' },
  dlq_projection: { description: 'the subscriber (read model) that gave up' },
  dlq_failed_at: { description: 'when it gave up (RFC 3339)', format: 'date-time' },
  dlq_attempts: { description: 'how often it tried', pattern: '^[0-9]+$' },
  dlq_topic: { description: 'the topic the message was read from' },
  dlq_partition: { description: 'its partition there', pattern: '^[0-9]+$' },
  dlq_offset: { description: 'its offset there', pattern: '^[0-9]+$' },
};

function exampleEvent(type: EventType): RawEvent {
  const { streamType, schemaVersion } = eventCatalogue[type];
  return {
    position: 1,
    eventId: '00000000-0000-4000-8000-000000000001',
    streamId: `${streamType}-example`,
    streamType,
    version: 1,
    type,
    schemaVersion,
    data: {},
    metadata: { recordedBy: 'example', onBehalfOf: 'example', correlationId: 'example', causationId: 'example', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    recordedAt: '2023-10-13T00:00:00.000Z',
  };
}

function headersSchema(headers: IHeaders, only: (name: string) => boolean, extra: Schema = {}): Schema {
  const names = Object.keys(headers).filter(only);
  const properties = Object.fromEntries(
    names.map((name) => {
      const doc = headerDocs[name];
      if (!doc) throw new Error(`header ${name} is written by the code but has no description in asyncapi.ts`);
      return [
        name,
        {
          type: 'string',
          description: doc.description,
          ...(doc.fixed ? { const: String(headers[name]) } : {}),
          ...(doc.format ? { format: doc.format } : {}),
          ...(doc.pattern ? { pattern: doc.pattern } : {}),
        },
      ];
    }),
  );
  return { type: 'object', required: names.filter((name) => !headerDocs[name]?.optional), properties, ...extra };
}

/** The draft-07 JSON Schema (AsyncAPI's default schema format) of an event's data, from its zod schema. */
function payloadSchema(schema: z.ZodType): Schema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  return json;
}

const kafkaBinding = { bindingVersion: '0.5.0' };
const plural = (streamType: string) => `${streamType}s`;
const camel = (name: string) => name.replace(/-(.)/g, (_, c: string) => c.toUpperCase());

/**
 * The AsyncAPI 3.0 document of the ledger's Kafka topics, built from the code that defines them:
 * the event catalogue and its zod schemas (payloads), `topicFor` and `deadLetterTopic` (channels),
 * `toKafkaMessage` and `deadLetterMessage` (headers). A new event type in the catalogue appears
 * here without anyone writing a line.
 */
export function asyncApiDocument(options: AsyncApiOptions): Schema {
  const types = Object.keys(eventCatalogue) as EventType[];
  const messages: Record<string, Schema> = {};
  const schemas: Record<string, Schema> = {};
  for (const type of types) {
    const { streamType, schemaVersion, schema } = eventCatalogue[type];
    const schemaName = `${type}V${schemaVersion}`;
    schemas[schemaName] = payloadSchema(schema);
    const headers = toKafkaMessage(exampleEvent(type)).headers ?? {};
    messages[type] = {
      name: type,
      title: type,
      summary: `${type} (schema version ${schemaVersion}) on a ${streamType} stream`,
      contentType: 'application/json',
      headers: headersSchema(headers, (name) => !name.startsWith('dlq_')),
      payload: { $ref: `#/components/schemas/${schemaName}` },
      bindings: { kafka: { key: { type: 'string', description: `the stream id, e.g. ${streamType}-<id>: one stream's events share a partition, in order` }, ...kafkaBinding } },
    };
  }
  const letter = deadLetterMessage(
    { key: 'example', value: '{}', headers: {} },
    { subscriber: 'example', reason: 'example', attempts: 1, failedAt: '2023-10-13T00:00:00.000Z' },
    { topic: 'example', partition: 0, offset: '0' },
  );
  messages.DeadLetter = {
    name: 'DeadLetter',
    title: 'Dead letter',
    summary: 'A message a subscriber could not apply after its retries: the original key, value and headers, plus why',
    headers: headersSchema(letter.headers ?? {}, (name) => name.startsWith('dlq_'), {
      additionalProperties: { type: 'string', description: "the original message's headers (ce_* and content-type), unchanged" },
    }),
    payload: { description: "the original message's value, unchanged" },
    bindings: { kafka: { key: { type: 'string', description: "the original message's key" }, ...kafkaBinding } },
  };

  const channels: Record<string, Schema> = {};
  const operations: Record<string, Schema> = {};
  const channelOf = (id: string, address: string, description: string, names: string[]) => {
    channels[id] = {
      address,
      title: address,
      description,
      messages: Object.fromEntries(names.map((name) => [name, { $ref: `#/components/messages/${name}` }])),
      bindings: { kafka: { topic: address, partitions: options.partitions, replicas: options.replicationFactor, ...kafkaBinding } },
    };
  };
  for (const streamType of streamTypes) {
    const names = types.filter((type) => eventCatalogue[type].streamType === streamType);
    const id = camel(plural(streamType));
    channelOf(id, topicFor(options.prefix, streamType), `Every event of every ${streamType} stream, in order per stream (key = stream id).`, names);
    operations[`publish${id[0]?.toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      title: `The relay publishes ${streamType} events`,
      summary: 'Published from the outbox, in global position order, after the command committed',
      channel: { $ref: `#/channels/${id}` },
      messages: names.map((name) => ({ $ref: `#/channels/${id}/messages/${name}` })),
    };
  }
  channelOf('deadLetter', deadLetterTopic(options.prefix), 'Messages a read model gave up on after its retries, with the reason.', ['DeadLetter']);
  operations.publishDeadLetter = {
    action: 'send',
    title: 'The projector dead-letters a poison event',
    channel: { $ref: '#/channels/deadLetter' },
    messages: [{ $ref: '#/channels/deadLetter/messages/DeadLetter' }],
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'policy-ledger events',
      version: options.version,
      description: [
        'The facts the policy ledger has accepted, as CloudEvents 1.0 in Kafka binary content mode: the `ce_*` headers',
        'carry the attributes, the value is the event data as JSON, the key is the stream id. One topic per stream',
        `type, \`<KAFKA_TOPIC_PREFIX>.<stream type>s.v1\` (shown here with the default prefix \`${options.prefix}\`).`,
        'Delivery is at least once: deduplicate on `ce_id`; `ce_position` orders events across topics.',
        '',
        'Generated by `npm run asyncapi` from the zod schemas the service validates with; do not edit by hand.',
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: { host: options.brokers, protocol: 'kafka', description: 'the brokers of KAFKA_BROKERS' },
    },
    channels,
    operations,
    components: { messages, schemas },
  };
}
