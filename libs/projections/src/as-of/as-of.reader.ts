import { type Queryable, type StoredEvent, toStoredEvent } from '@policy-ledger/event-store';
import { type AidRequestRow, evolveAidRequest, evolvePackage, type PackageRow } from '../negotiations-board/negotiations-board.projection';
import { assembleBoard, type NegotiationsBoard, type NegotiationsFilter } from '../negotiations-board/negotiations-board.view';
import { evolveShipment, type ShipmentRow } from '../shipment-corridors/shipment-corridors.projection';
import type { CorridorsFilter } from '../shipment-corridors/shipment-corridors.repository';
import { assembleCorridors, type Corridor } from '../shipment-corridors/shipment-corridors.view';

/** Rows by stream, folded from events with a projection's own pure evolve. */
function fold<Row>(events: readonly StoredEvent[], evolve: (row: Row | null, event: StoredEvent) => Row | null): Row[] {
  const rows = new Map<string, Row | null>();
  for (const event of events) rows.set(event.streamId, evolve(rows.get(event.streamId) ?? null, event));
  return [...rows.values()].filter((row): row is Row => row !== null);
}

interface BoardRows {
  readonly aidRequests: AidRequestRow[];
  readonly packages: PackageRow[];
}

/**
 * "As the ledger knew it at <recorded time>": the read models rebuilt in memory from the prefix of
 * the log up to that time, with the same pure projection code as the live ones. recorded_at
 * grows with the global position, so a time is a position; a prefix of the log never changes, so
 * what was rebuilt for a position is kept (a small LRU) and reused.
 */
export class AsOfReader {
  private readonly cache = new Map<string, unknown>();

  constructor(
    private readonly db: Queryable,
    private readonly cacheSize = 32,
  ) {}

  /**
   * The last global position recorded at or before the time (0 before the first event). Times
   * travel in milliseconds (an event's recordedAt) while the database keeps microseconds, so a
   * time covers its whole millisecond: asking as of an event's recordedAt includes that event.
   */
  async positionAt(asOf: string): Promise<number> {
    const { rows } = await this.db.query<{ position: number | null }>(
      `SELECT max(position) AS position FROM events WHERE recorded_at < $1::timestamptz + interval '1 millisecond'`,
      [asOf],
    );
    return rows[0]?.position ?? 0;
  }

  async board(asOf: string, filter: NegotiationsFilter = {}): Promise<{ position: number } & NegotiationsBoard> {
    const position = await this.positionAt(asOf);
    const rows = await this.cached(`board:${position}`, async (): Promise<BoardRows> => {
      const events = await this.prefix(position, ['aid-request', 'package']);
      return {
        aidRequests: fold(events.filter((e) => e.streamType === 'aid-request'), evolveAidRequest),
        packages: fold(events.filter((e) => e.streamType === 'package'), evolvePackage),
      };
    });
    return { position, ...assembleBoard(rows.aidRequests, rows.packages, filter) };
  }

  async corridors(asOf: string, filter: CorridorsFilter = {}): Promise<{ position: number; corridors: Corridor[] }> {
    const position = await this.positionAt(asOf);
    const shipments = await this.cached(`corridors:${position}`, async () => fold(await this.prefix(position, ['shipment']), evolveShipment));
    const selected = shipments.filter(
      (s: ShipmentRow) => (!filter.supplier || s.supplier === filter.supplier) && (!filter.recipient || s.recipient === filter.recipient),
    );
    return { position, corridors: assembleCorridors(selected, filter.occurredBefore) };
  }

  /** One stream's events as recorded up to the time. */
  async history(streamId: string, asOf: string): Promise<{ position: number; version: number; events: StoredEvent[] }> {
    const position = await this.positionAt(asOf);
    const { rows } = await this.db.query<Parameters<typeof toStoredEvent>[0]>(
      `SELECT position, event_id, stream_id, stream_type, version, type, schema_version, data, metadata, recorded_at
       FROM events WHERE stream_id = $1 AND position <= $2 ORDER BY version`,
      [streamId, position],
    );
    const events = rows.map(toStoredEvent);
    return { position, version: events.at(-1)?.version ?? 0, events };
  }

  private async prefix(upTo: number, streamTypes: readonly string[]): Promise<StoredEvent[]> {
    const { rows } = await this.db.query<Parameters<typeof toStoredEvent>[0]>(
      `SELECT position, event_id, stream_id, stream_type, version, type, schema_version, data, metadata, recorded_at
       FROM events WHERE position <= $1 AND stream_type = ANY($2::text[]) ORDER BY position`,
      [upTo, streamTypes],
    );
    return rows.map(toStoredEvent);
  }

  private async cached<T>(key: string, build: () => Promise<T>): Promise<T> {
    if (this.cache.has(key)) {
      const value = this.cache.get(key) as T;
      this.cache.delete(key);
      this.cache.set(key, value);
      return value;
    }
    const value = await build();
    this.cache.set(key, value);
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= this.cacheSize) break;
      this.cache.delete(oldest);
    }
    return value;
  }
}
