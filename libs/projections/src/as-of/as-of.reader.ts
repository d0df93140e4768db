import type { StoredEvent, StreamType } from '@policy-ledger/contracts';
import { type Queryable, readEvents, readRawEvents, type StreamPage } from '@policy-ledger/event-store';
import { type AidRequestRow, aidRequestDocuments, packageDocuments, type PackageRow } from '../negotiations-board/negotiations-board.projection';
import { assembleBoard, type BoardPage, type NegotiationsBoard, type NegotiationsFilter, pageBoard } from '../negotiations-board/negotiations-board.view';
import { inKeyOrder, type PageRequest, pageOf } from '../paging';
import { foldDocuments, present } from '../projection';
import { shipmentDocuments, type ShipmentRow } from '../shipment-corridors/shipment-corridors.projection';
import type { CorridorsFilter, CorridorsPage } from '../shipment-corridors/shipment-corridors.repository';
import { assembleCorridors, corridorKey } from '../shipment-corridors/shipment-corridors.view';

/** Too many as-of reads are waiting for the log to be folded: 503, retry shortly. */
export class AsOfBusyError extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} as-of reads are already waiting for the log to be replayed; retry shortly`);
    this.name = 'AsOfBusyError';
  }
}

export interface AsOfSettings {
  /** The most the kept states may take, estimated from the events folded into them. */
  readonly cacheBytes: number;
  /** Events read per query while folding. */
  readonly pageSize: number;
  /** Reads that may wait for a fold at once; one more is refused (503). */
  readonly maxWaiting: number;
}

/** How a read model is rebuilt in memory: the streams it folds, and its documents. */
interface Folding<Rows> {
  readonly streamTypes: readonly StreamType[];
  /** A copy of `rows` to fold more onto (documents are never changed in place), or empty ones. */
  copy(rows?: Rows): Rows;
  apply(rows: Rows, events: readonly StoredEvent[]): void;
}

interface BoardRows {
  readonly aidRequests: Map<string, AidRequestRow | null>;
  readonly packages: Map<string, PackageRow | null>;
}

interface CorridorRows {
  readonly shipments: Map<string, ShipmentRow | null>;
}

const boardFolding: Folding<BoardRows> = {
  streamTypes: ['aid-request', 'package'],
  copy: (rows) => ({ aidRequests: new Map(rows?.aidRequests), packages: new Map(rows?.packages) }),
  apply(rows, events) {
    foldDocuments(aidRequestDocuments, events, rows.aidRequests);
    foldDocuments(packageDocuments, events, rows.packages);
  },
};

const corridorsFolding: Folding<CorridorRows> = {
  streamTypes: ['shipment'],
  copy: (rows) => ({ shipments: new Map(rows?.shipments) }),
  apply: (rows, events) => void foldDocuments(shipmentDocuments, events, rows.shipments),
};

interface State<Rows> {
  readonly position: number;
  readonly rows: Rows;
  /** Estimated from the events folded into it. */
  readonly bytes: number;
}

/** Folds one at a time for every read model, with at most `maxWaiting` reads waiting. */
class FoldQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly maxWaiting: number) {}

  run<T>(fold: () => Promise<T>): Promise<T> {
    if (this.waiting >= this.maxWaiting) throw new AsOfBusyError(this.waiting);
    this.waiting += 1;
    const done = this.tail.then(fold).finally(() => (this.waiting -= 1));
    this.tail = done.catch(() => undefined);
    return done;
  }
}

/**
 * The states of one read model as of positions: kept (least recently used go first, within
 * `cacheBytes`), and folded from the nearest kept one before a new position.
 */
class AsOfStates<Rows> {
  private readonly kept = new Map<number, State<Rows>>();
  private keptBytes = 0;
  private readonly folding = new Map<number, Promise<State<Rows>>>();

  constructor(
    private readonly db: Queryable,
    private readonly folder: Folding<Rows>,
    private readonly queue: FoldQueue,
    private readonly settings: Pick<AsOfSettings, 'cacheBytes' | 'pageSize'>,
  ) {}

  async at(position: number): Promise<State<Rows>> {
    const hit = this.kept.get(position);
    if (hit) {
      this.kept.delete(position);
      this.kept.set(position, hit);
      return hit;
    }
    const running = this.folding.get(position);
    if (running) return running;
    const folded = this.queue.run(() => this.fold(position)).finally(() => this.folding.delete(position));
    this.folding.set(position, folded);
    const state = await folded;
    this.keep(state);
    return state;
  }

  /** Folds the log up to `position` onto the nearest kept state before it (or onto nothing), a page at a time. */
  private async fold(position: number): Promise<State<Rows>> {
    const base = [...this.kept.values()].filter((state) => state.position <= position).sort((a, b) => b.position - a.position)[0];
    const rows = this.folder.copy(base?.rows);
    let bytes = base?.bytes ?? 0;
    for (let after = base?.position ?? 0; after < position; ) {
      const events = await readEvents(this.db, { after, upTo: position, streamTypes: this.folder.streamTypes, limit: this.settings.pageSize });
      this.folder.apply(rows, events);
      bytes += events.reduce((sum, event) => sum + JSON.stringify(event.data).length + 200, 0);
      if (events.length < this.settings.pageSize) break;
      after = (events.at(-1) as StoredEvent).position;
    }
    return { position, rows, bytes };
  }

  private keep(state: State<Rows>): void {
    if (state.bytes > this.settings.cacheBytes || this.kept.has(state.position)) return;
    this.kept.set(state.position, state);
    this.keptBytes += state.bytes;
    for (const [oldest, dropped] of this.kept) {
      if (this.keptBytes <= this.settings.cacheBytes) break;
      this.kept.delete(oldest);
      this.keptBytes -= dropped.bytes;
    }
  }
}

/**
 * "As the ledger knew it at <recorded time>": the read models rebuilt in memory from the prefix of
 * the log up to that time, with the same pure projection code as the live ones. recorded_at
 * grows with the global position, so a time is a position; a prefix of the log never changes, so
 * a state rebuilt for a position is kept, and a later position folds only the events after the
 * nearest kept one. Bounded: the kept states by their estimated bytes (least recently used go
 * first), the folds to one at a time, the reads waiting for one to `maxWaiting`; the log is read
 * a page at a time, so memory holds the documents, never the whole log.
 */
export class AsOfReader {
  private readonly boards: AsOfStates<BoardRows>;
  private readonly corridorStates: AsOfStates<CorridorRows>;

  constructor(
    private readonly db: Queryable,
    settings: AsOfSettings = { cacheBytes: 64 * 1024 * 1024, pageSize: 5000, maxWaiting: 16 },
  ) {
    const queue = new FoldQueue(settings.maxWaiting);
    // Half of the budget for each read model.
    const each = { cacheBytes: settings.cacheBytes / 2, pageSize: settings.pageSize };
    this.boards = new AsOfStates(db, boardFolding, queue, each);
    this.corridorStates = new AsOfStates(db, corridorsFolding, queue, each);
  }

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

  /** The whole board as of the time (for comparing two times). */
  async board(asOf: string, filter: NegotiationsFilter = {}): Promise<{ position: number } & NegotiationsBoard> {
    const { position, rows } = await this.boards.at(await this.positionAt(asOf));
    return { position, ...assembleBoard(present(rows.aidRequests), present(rows.packages), filter) };
  }

  /** A page of the board as of the time, cut as the live board's pages are. */
  async boardPage(asOf: string, filter: NegotiationsFilter, page: PageRequest): Promise<{ position: number } & BoardPage> {
    const { position, ...board } = await this.board(asOf, filter);
    return { position, ...pageBoard(board, page) };
  }

  /** A page of the corridors as of the time, cut as the live ones are. */
  async corridors(asOf: string, filter: CorridorsFilter, page: PageRequest): Promise<{ position: number } & CorridorsPage> {
    const { position, rows } = await this.corridorStates.at(await this.positionAt(asOf));
    const selected = present(rows.shipments).filter((s) => (!filter.supplier || s.supplier === filter.supplier) && (!filter.recipient || s.recipient === filter.recipient));
    const { items, next } = pageOf([...new Set(selected.map(corridorKey))].sort(inKeyOrder), (key) => key, page);
    const wanted = new Set(items);
    return { position, corridors: assembleCorridors(selected.filter((s) => wanted.has(corridorKey(s))), filter.occurredBefore), next };
  }

  /** A page of one stream's events as recorded up to the time, after a version; `version` is the stream's then. */
  async history(streamId: string, asOf: string, page: { afterVersion: number; limit: number }): Promise<{ readonly position: number } & StreamPage> {
    const position = await this.positionAt(asOf);
    const [events, { rows }] = await Promise.all([
      readRawEvents(this.db, { streamId, upTo: position, afterVersion: page.afterVersion, limit: page.limit + 1 }),
      this.db.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM events WHERE stream_id = $1 AND position <= $2', [streamId, position]),
    ]);
    const shown = events.slice(0, page.limit);
    return { position, version: rows[0]?.version ?? 0, events: shown, next: events.length > page.limit ? (shown.at(-1)?.version ?? null) : null };
  }
}
