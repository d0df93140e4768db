import { isEventType, StreamId, streamTypes } from '@policy-ledger/contracts';
import type { EventFilter } from '@policy-ledger/event-store';
import { z } from 'zod';
import { RequestValidationError } from '../http/problem';

/** A repeatable parameter that also takes a comma-separated list: `type=A&type=B` or `type=A,B`. */
const listOf = <Item extends z.ZodType<string, string>>(item: Item) =>
  z
    .union([z.string().max(2000), z.array(z.string().max(200)).max(50)])
    .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(item).min(1, { message: 'must name at least one value' }));

const position = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const EventFilterQuery = {
  type: listOf(z.string().refine(isEventType, { message: 'is not an event type of the catalogue' }))
    .optional()
    .describe('event types, repeated or comma-separated, e.g. ShipmentReported,AidRequested'),
  streamId: StreamId.optional().describe('one stream, e.g. shipment-kp-ru-2023-09'),
  streamType: listOf(z.enum(streamTypes)).optional().describe(`stream types, repeated or comma-separated: ${streamTypes.join(', ')}`),
  after: position.optional().describe('global position to start after (the default 0 starts at the first event)'),
};

export const EventsStreamQuery = z.object(EventFilterQuery).strict();

export const EventsPageQuery = z
  .object({ ...EventFilterQuery, limit: z.coerce.number().int().min(1).max(1000).default(100).describe('events per page, 1 to 1000') })
  .strict();

export function filterOf(query: z.infer<typeof EventsStreamQuery>): EventFilter {
  return { types: query.type, streamId: query.streamId, streamTypes: query.streamType };
}

/**
 * Where a stream resumes: the `Last-Event-ID` a reconnecting client sends wins over `after`
 * (an EventSource reconnects to the same URL, `after` and all).
 */
export function resumeAfter(lastEventId: string | undefined, after: number | undefined): number {
  if (lastEventId === undefined || lastEventId.trim() === '') return after ?? 0;
  const parsed = position.safeParse(lastEventId.trim());
  if (!/^\s*\d+\s*$/.test(lastEventId) || !parsed.success) {
    throw new RequestValidationError('header', [
      { field: 'Last-Event-ID', rule: 'format', message: 'must be the global position of the last event received, e.g. "42"' },
    ]);
  }
  return parsed.data;
}
