/**
 * The JSON the public HTTP API answers, as far as the dashboard reads it: the server's own types of
 * its answers, so the dashboard cannot read a field the API does not send. Type-only imports, which
 * the build erases: the dashboard runs no server code (`npm run lint` refuses any other import of
 * libs/ from apps/web). The names are the ones the dashboard's code reads by.
 */
import type { RawEvent, ShipmentLeg } from '@policy-ledger/contracts';
import type { EventPage } from '@policy-ledger/event-store';
import type {
  ActionView,
  AidRequestView,
  AtPosition,
  BoardChangesBetween,
  BoardPage,
  ComponentView,
  Corridor,
  CorridorEstimate,
  CorridorsPage,
  PackageView,
  PositionView,
  ProposedAddition,
  TimelinePage,
} from '@policy-ledger/projections';

export type { AidLine, Bill, Confidence, Money, OccurredAt, Party, Quantity, Recipient, Source } from '@policy-ledger/contracts';
export type { StreamHistory } from '@policy-ledger/event-store';
export type { Amount, BillView, BoardChange, Corridor, ProjectionsStatus, StageAmounts, TimelineEntry } from '@policy-ledger/projections';

export type Package = PackageView;
export type AidRequest = AidRequestView;
/** An action on a bill: as a bill's procedure or last action, and among a package's actions (there with its bill's key). */
export type LegislativeAction = ActionView;
export type PackageAction = PackageView['actions'][number];
/** A component taken into a package, or an addition floated (with who floated it, and when). */
export type Component = ComponentView | ProposedAddition;
/** A position as a card shows it: on which request (on a package's card), and from which request it carried over. */
export type Position = PositionView & { readonly aidRequestId?: string; readonly from?: string };

/** GET /negotiations/changes: what changed on the board between two recorded times. */
export type BoardChanges = BoardChangesBetween;
/** GET /negotiations: a page of the board. */
export type Board = AtPosition<BoardPage>;
/** GET /corridors: a page of the corridors. */
export type Corridors = AtPosition<CorridorsPage>;
/** GET /timeline: a page of the timeline. */
export type Timeline = AtPosition<TimelinePage>;

/** A standing figure of a corridor: each source's latest per shipment, category and unit, and the equivalents of those. */
export type Estimate = CorridorEstimate;
export type Dispute = Corridor['disputes'][number];
export type Leg = ShipmentLeg;

/** An event as the API sends it (the history, GET /events, the live stream): as stored, its data not read yet. */
export type StoredEvent = RawEvent;
/** GET /events: a page of the log, with the head when it was read. */
export type EventsPage = EventPage;
