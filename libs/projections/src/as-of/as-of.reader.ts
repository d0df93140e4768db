import type { RawEvent } from '@policy-ledger/contracts';
import { type Queryable, readEvents, readRawEvents } from '@policy-ledger/event-store';
import { foldDocuments, present } from '../projection';
import { type AidRequestRow, aidRequestDocuments, packageDocuments, type PackageRow } from '../negotiations-board/negotiations-board.projection';
import { assembleBoard, type NegotiationsBoard, type NegotiationsFilter } from '../negotiations-board/negotiations-board.view';
import { shipmentDocuments, type ShipmentRow } from '../shipment-corridors/shipment-corridors.projection';
import type { CorridorsFilter } from '../shipment-corridors/shipment-corridors.repository';
import { assembleCorridors, type Corridor } from '../shipment-corridors/shipment-corridors.view';

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
      const events = await readEvents(this.db, { upTo: position, streamTypes: ['aid-request', 'package'] });
      return { aidRequests: present(foldDocuments(aidRequestDocuments, events)), packages: present(foldDocuments(packageDocuments, events)) };
    });
    return { position, ...assembleBoard(rows.aidRequests, rows.packages, filter) };
  }

  async corridors(asOf: string, filter: CorridorsFilter = {}): Promise<{ position: number; corridors: Corridor[] }> {
    const position = await this.positionAt(asOf);
    const shipments = await this.cached(`corridors:${position}`, async () =>
      present(foldDocuments(shipmentDocuments, await readEvents(this.db, { upTo: position, streamTypes: ['shipment'] }))),
    );
    const selected = shipments.filter(
      (s: ShipmentRow) => (!filter.supplier || s.supplier === filter.supplier) && (!filter.recipient || s.recipient === filter.recipient),
    );
    return { position, corridors: assembleCorridors(selected, filter.occurredBefore) };
  }

  /** One stream's events as recorded up to the time. */
  async history(streamId: string, asOf: string): Promise<{ position: number; version: number; events: RawEvent[] }> {
    const position = await this.positionAt(asOf);
    const events = await readRawEvents(this.db, { streamId, upTo: position });
    return { position, version: events.at(-1)?.version ?? 0, events };
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
