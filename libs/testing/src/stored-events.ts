import { decodeEvent, type StoredEvent } from '@policy-ledger/contracts';

/**
 * Builds the stored events of streams as the projector receives them, with global positions, each
 * read through the catalogue like a real one (so test data that does not match its schema fails).
 */
export function storedEvents(streams: Record<string, { streamType: string; events: { type: string; data: unknown; schemaVersion?: number }[] }>): StoredEvent[] {
  let position = 0;
  return Object.entries(streams).flatMap(([streamId, { streamType, events }]) =>
    events.map((event, index) => {
      position += 1;
      return decodeEvent({
        position,
        eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
        streamId,
        streamType,
        version: index + 1,
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        data: event.data,
        metadata: { recordedBy: 'test', correlationId: 'test', causationId: null },
        recordedAt: new Date(Date.UTC(2023, 9, 13, 0, 0, position)).toISOString(),
      });
    }),
  );
}
