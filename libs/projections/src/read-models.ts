import type { Queryable } from '@policy-ledger/event-store';
import { AsOfReader, type AsOfSettings } from './as-of/as-of.reader';
import type { PageRequest } from './paging';
import { waitForPosition } from './checkpoints/checkpoints.repository';
import { NEGOTIATIONS_BOARD } from './negotiations-board/negotiations-board.projection';
import { readAidRequest, readNegotiationsPage, readPackage } from './negotiations-board/negotiations-board.repository';
import type { BoardPage, NegotiationsFilter } from './negotiations-board/negotiations-board.view';
import { SHIPMENT_CORRIDORS } from './shipment-corridors/shipment-corridors.projection';
import { type CorridorsFilter, type CorridorsPage, readCorridors, readShipment, readShipments } from './shipment-corridors/shipment-corridors.repository';
import type { ProjectionsStatus } from './status/projection-status';
import { readProjectionStatuses } from './status/projection-status.repository';
import { TIMELINE } from './timeline/timeline.projection';
import { readTimeline, type TimelinePage, type TimelineQuery } from './timeline/timeline.repository';

/**
 * A read model's answer as clients get it: with the `position` its projection had reached, and
 * with `asOf` when it was read as the ledger knew it at a recorded time (the position then).
 */
export type AtPosition<T> = { readonly position: number; readonly asOf?: string } & T;

/** A read waited for `minPosition` longer than it may: the projection has not applied it yet. */
export class ProjectionLaggingError extends Error {
  constructor(
    readonly projection: string,
    readonly minPosition: number,
    readonly position: number,
  ) {
    super(`projection ${projection} has reached position ${position}, not yet ${minPosition}; retry shortly`);
    this.name = 'ProjectionLaggingError';
  }
}

/**
 * A read asked to wait for a position the log has not written: no projection will reach it by
 * waiting (a position comes from a command's answer or a stored event, and so is at most the head).
 */
export class PositionNotWrittenError extends Error {
  constructor(
    readonly minPosition: number,
    readonly head: number,
  ) {
    super(`position ${minPosition} is past the last position the ledger has written (${head})`);
    this.name = 'PositionNotWrittenError';
  }
}

/** The read model holds no such aggregate (yet: `position` says how far it has applied the log). */
export class ReadModelNotFoundError extends Error {
  constructor(
    readonly resource: string,
    readonly id: string,
    readonly position: number,
  ) {
    super(`no ${resource} "${id}" in the read model (it has applied events up to position ${position})`);
    this.name = 'ReadModelNotFoundError';
  }
}

/**
 * What clients read: every read model, with the position its projection has reached. A read with
 * `minPosition` first waits (at most `maxWaitMs`) until that position is applied, so a client
 * reads its own writes; `asOf` answers as the ledger knew it at a recorded time.
 */
export class ReadModels {
  readonly asOf: AsOfReader;

  constructor(
    private readonly db: Queryable,
    private readonly settings: { readonly maxWaitMs: number; readonly asOf?: AsOfSettings },
    private readonly projectionNames: readonly string[],
  ) {
    this.asOf = new AsOfReader(db, settings.asOf);
  }

  /**
   * Waits (bounded) until the projection has applied minPosition; the position it has reached. A
   * position past the head of the log is refused at once, not waited for.
   */
  async reached(projection: string, minPosition?: number): Promise<number> {
    // The checkpoint and the head in one round trip.
    const { rows } = await this.db.query<{ position: number | null; head: number | null }>(
      'SELECT (SELECT position FROM projection_checkpoints WHERE projection = $1) AS position, (SELECT last_position FROM ledger_sequence) AS head',
      [projection],
    );
    const now = rows[0]?.position ?? 0;
    if (minPosition === undefined || now >= minPosition) return now;
    const head = rows[0]?.head ?? 0;
    if (minPosition > head) throw new PositionNotWrittenError(minPosition, head);
    const position = await waitForPosition(this.db, projection, minPosition, this.settings.maxWaitMs);
    if (position < minPosition) throw new ProjectionLaggingError(projection, minPosition, position);
    return position;
  }

  /** A page of the board: packages, then the requests in no package. */
  async negotiations(filter: NegotiationsFilter, page: PageRequest, minPosition?: number, asOf?: string): Promise<AtPosition<BoardPage>> {
    if (asOf !== undefined) return { asOf, ...(await this.asOf.boardPage(asOf, filter, page)) };
    const position = await this.reached(NEGOTIATIONS_BOARD, minPosition);
    return { position, ...(await readNegotiationsPage(this.db, filter, page)) };
  }

  /** One aggregate's read model, once the projection has applied `minPosition`; not found when it holds no such id. */
  private async one<T>(projection: string, resource: string, id: string, minPosition: number | undefined, read: (db: Queryable, id: string) => Promise<T | null>) {
    const position = await this.reached(projection, minPosition);
    const found = await read(this.db, id);
    if (!found) throw new ReadModelNotFoundError(resource, id, position);
    return { position, found };
  }

  async package(id: string, minPosition?: number) {
    const { position, found } = await this.one(NEGOTIATIONS_BOARD, 'package', id, minPosition, readPackage);
    return { position, package: found };
  }

  async aidRequest(id: string, minPosition?: number) {
    const { position, found } = await this.one(NEGOTIATIONS_BOARD, 'aid request', id, minPosition, readAidRequest);
    return { position, aidRequest: found };
  }

  /** A page of the corridors, by supplier then recipient. */
  async corridors(filter: CorridorsFilter, page: PageRequest, minPosition?: number, asOf?: string): Promise<AtPosition<CorridorsPage>> {
    if (asOf !== undefined) return { asOf, ...(await this.asOf.corridors(asOf, filter, page)) };
    const position = await this.reached(SHIPMENT_CORRIDORS, minPosition);
    return { position, ...(await readCorridors(this.db, filter, page)) };
  }

  /** A page of shipments (of one corridor, or of a supplier's, a recipient's, or all), by id. */
  async shipments(filter: Omit<CorridorsFilter, 'occurredBefore'>, page: PageRequest, minPosition?: number) {
    const position = await this.reached(SHIPMENT_CORRIDORS, minPosition);
    return { position, ...(await readShipments(this.db, filter, page)) };
  }

  async shipment(id: string, minPosition?: number) {
    const { position, found } = await this.one(SHIPMENT_CORRIDORS, 'shipment', id, minPosition, readShipment);
    return { position, shipment: found };
  }

  async timeline(query: TimelineQuery, minPosition?: number): Promise<AtPosition<TimelinePage>> {
    const position = await this.reached(TIMELINE, minPosition);
    return { position, ...(await readTimeline(this.db, query)) };
  }

  /** Each projection's checkpoint, lag and state. */
  statuses(): Promise<ProjectionsStatus> {
    return readProjectionStatuses(this.db, this.projectionNames);
  }
}
