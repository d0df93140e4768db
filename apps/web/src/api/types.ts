/**
 * The JSON the public HTTP API answers, as far as the dashboard reads it. Declared here, not
 * imported from the server: the dashboard is one more client of the documented API (README: "The
 * board's JSON", the corridors).
 */

export interface Source {
  readonly publisher: string;
  readonly url?: string;
  readonly sourceClass?: string;
  readonly attributedTo?: string;
  readonly basis?: string;
  readonly evidence?: string;
  readonly publishedAt?: string;
}

export interface OccurredAt {
  readonly from: string;
  readonly to?: string;
  readonly precision: 'day' | 'month' | 'year' | 'range' | string;
}

export type Confidence = 'confirmed' | 'assessed' | 'alleged' | 'disputed' | string;

/** Money as the API gives it: exact unless `qualifier` says otherwise ("about", "at least", a range up to `upTo`). */
export interface Money {
  readonly amount: string;
  readonly currency: string;
  readonly qualifier?: 'exact' | 'approx' | 'at_least' | 'at_most' | 'range';
  readonly upTo?: string;
}

/** A line's recipient: a country code ("UA") or a group (a region, the countries it names, or both). */
export type Recipient = string | { readonly region?: string; readonly countries?: readonly string[] };

export interface Party {
  readonly name?: string;
  readonly country?: string;
  readonly role?: string;
}

/** A sum for a recipient (and purpose), with the qualifier of its figures combined. */
export interface Amount extends Money {
  readonly recipient: Recipient;
  readonly purpose?: string;
}

export interface AidLine {
  readonly recipient: Recipient;
  readonly purpose: string;
  readonly amount: Money;
  readonly note?: string;
  readonly aidRequestId?: string;
  readonly componentId?: string;
}

/** The money at one stage of a package's way: requested, a version of a bill, or an outside assessment. */
export interface StageAmounts {
  /** requested, a bill version (introduced, house_committee, senate_committee, house, senate, conference, enrolled, enacted), or assessment. */
  readonly stage: string;
  /** The bill whose version it is (its label). */
  readonly bill: string | null;
  readonly assessor: string | null;
  /** What an assessment counts: new_commitments, budget_authority, deficit_effect, ... */
  readonly measure: string | null;
  readonly occurredAt: OccurredAt | null;
  readonly recordedAt: string | null;
  readonly sources: readonly Source[];
  readonly confidence: Confidence | null;
  readonly note: string | null;
  readonly lines: readonly AidLine[];
  /** Totals the record states, which the lines may not add up to. */
  readonly statedTotals: readonly Money[];
  /** The lines added up, per currency. */
  readonly totals: readonly Money[];
  readonly byRecipient: readonly Amount[];
  readonly byRecipientAndPurpose: readonly Amount[];
}

/** Which stage amountsByRecipient sums. */
export interface AmountsBasis {
  readonly stage: 'requested' | 'bill_versions';
  readonly versions: readonly { readonly bill: string; readonly version: string }[];
  readonly summary: string;
}

export interface LastAction {
  readonly type: string;
  readonly occurredAt: OccurredAt;
  readonly recordedAt: string;
  readonly summary: string;
}

export interface Position {
  readonly actor: Party;
  readonly stance: string;
  readonly conditions: readonly string[];
  readonly quote: string | null;
  readonly occurredAt: OccurredAt;
  readonly sources: readonly Source[];
  readonly aidRequestId?: string;
  readonly from?: string;
}

export interface AidRequest {
  readonly id: string;
  readonly version: number;
  readonly requester: string;
  readonly addressee: string;
  readonly lines: readonly AidLine[];
  readonly total: Money;
  readonly status: string;
  readonly contested: boolean;
  readonly packageId: string | null;
  readonly positions: readonly Position[];
  readonly carriedPositions?: readonly Position[];
  readonly occurredAt: OccurredAt;
  readonly confidence: Confidence;
  readonly sources: readonly Source[];
  readonly lastAction: LastAction;
}

export interface Component {
  readonly componentId: string;
  readonly description: string;
  readonly recipient: Recipient | null;
  readonly purpose: string | null;
  readonly amount: Money | null;
  readonly proposedBy?: Party;
  readonly occurredAt?: OccurredAt;
}

export interface Bill {
  readonly congress: number;
  readonly type: string;
  readonly number: number;
  readonly label: string;
}

export interface LegislativeAction {
  readonly bill: string;
  readonly billKey?: string;
  readonly chamber: 'house' | 'senate' | 'president' | string;
  /** introduced, referred, reported, passed, passed_with_amendment, concurred, concurred_with_amendment, conference_report_agreed, failed, cloture_invoked, cloture_failed, rule_adopted, presented, signed, vetoed, veto_overridden, became_law, correction */
  readonly action: string;
  readonly vote: { readonly yea: number; readonly nay: number; readonly present?: number; readonly notVoting?: number } | null;
  /** recorded_vote, voice_vote, unanimous_consent */
  readonly method?: string | null;
  readonly amendment?: { readonly number?: string; readonly substitute?: boolean; readonly title?: string } | null;
  /** With a cloture vote: motion_to_proceed, measure, amendment, conference_report, other. */
  readonly clotureOn?: string | null;
  /** With rule_adopted: the resolution providing for consideration ("H.Res. 911 (116th Congress)"). */
  readonly rule?: string | null;
  /** Cloture votes and rules: procedure, never passage. */
  readonly procedure?: boolean;
  readonly amount: Money | null;
  readonly lawNumber: string | null;
  readonly note: string | null;
  readonly occurredAt: OccurredAt;
}

/** A bill that carries (or carried) a package, with its own record and status. */
export interface BillView extends Bill {
  /** The title it was attached with, or the one its latest substitute gave it. */
  readonly title: string | null;
  /** Whether it carries the package now. */
  readonly carrying: boolean;
  readonly detached: { readonly reason: string; readonly occurredAt: OccurredAt } | null;
  readonly status: string;
  /** Where it stands in words: "passed House 368-57, Senate pending". */
  readonly summary: string;
  /** Chambers that agree to the text now in play. */
  readonly agreed: readonly string[];
  /** The chamber whose action on the other's amendment is pending. */
  readonly awaiting: string | null;
  readonly lawNumber: string | null;
  readonly procedure: readonly LegislativeAction[];
  readonly lastAction: LegislativeAction | null;
}

export interface Package {
  readonly id: string;
  readonly version: number;
  readonly title: string | null;
  readonly sponsor: string | null;
  readonly rationale: string | null;
  /** Before a bill: proposed or bundled; then the least advanced status of the bills carrying it now. */
  readonly status: string;
  /** The bill attached last of those carrying it now. */
  readonly bill: Bill | null;
  /** Every bill that carries or carried it. */
  readonly bills: readonly BillView[];
  readonly lawNumber: string | null;
  readonly aidRequests: readonly AidRequest[];
  readonly pendingAidRequestIds: readonly string[];
  readonly components: readonly Component[];
  readonly proposedAdditions: readonly Component[];
  /** Every stage side by side: requested, each bill version recorded, each outside assessment. */
  readonly amountsByStage: readonly StageAmounts[];
  /** What amountsByRecipient sums. */
  readonly amountsBasis: AmountsBasis;
  readonly amountsByRecipient: readonly Amount[];
  readonly amountsByRecipientAndPurpose: readonly Amount[];
  readonly positions: readonly Position[];
  readonly actions: readonly LegislativeAction[];
  readonly lastAction: LastAction;
}

export interface Board {
  readonly position: number;
  readonly asOf?: string;
  readonly packages: readonly Package[];
  readonly unbundledAidRequests: readonly AidRequest[];
  /** The cursor of the next page; null on the last. */
  readonly next: string | null;
}

export interface Quantity {
  readonly value: number;
  readonly unit: string;
  readonly qualifier: 'exact' | 'at_least' | 'at_most' | 'approx' | 'range' | string;
  readonly upTo?: number;
  /** A day, a month or a year: "2023-09-07", "2023-09", "2022". */
  readonly countingSince?: string | null;
  readonly through?: string | null;
}

/** A standing figure of a corridor: each source's latest per shipment, category and unit, and the equivalents of those. */
export interface Estimate {
  readonly estimateId: string;
  readonly kind: 'report' | 'update' | string;
  readonly category: string;
  readonly quantity: Quantity;
  /** Who gives the figure: estimatedBy ("U.S. Department of State, US"), else its first source's publisher. */
  readonly source: string;
  readonly estimatedBy: Party | null;
  /** The figure this one restates in another unit. */
  readonly equivalentOf: string | null;
  /** The period the count covers: from its counting start (null when unsaid) to the date it was given. */
  readonly covers: { readonly from: string | null; readonly to: string } | null;
  readonly sources: readonly Source[];
  readonly confidence: Confidence;
  readonly occurredAt: OccurredAt;
  readonly reportedAt: string | null;
  readonly recordedAt: string;
  readonly shipmentId: string;
  /** Ids of the figures restating this one in another unit. */
  readonly equivalents: readonly string[];
  /** Disputes of this very figure. */
  readonly disputedBy: readonly Omit<Dispute, 'shipmentId' | 'estimateId' | 'sources'>[];
}

export interface Dispute {
  /** The figure disputed; null for the claim as a whole. */
  readonly estimateId: string | null;
  readonly source?: string;
  readonly claim: string;
  readonly counterClaim: string;
  readonly quantity: Quantity | null;
  readonly disputedBy: Party;
  readonly sources: readonly Source[];
  readonly confidence: Confidence;
  readonly occurredAt: OccurredAt;
  readonly shipmentId: string;
}

export interface Place {
  readonly name: string;
  readonly country?: string;
}

export interface Leg {
  readonly mode: string;
  readonly from: Place;
  readonly to: Place;
  readonly vessel?: { readonly name?: string; readonly flag?: string };
  readonly via?: readonly Place[];
}

/** One source's latest figures of one unit and counting start, added up ("latest of U.S. Department of State, US"). */
export interface CorridorTotal {
  readonly label: string;
  readonly source: string;
  readonly unit: string;
  readonly countingSince: string | null;
  readonly value: number;
  readonly qualifier: string;
  readonly upTo?: number;
  readonly estimateIds: readonly string[];
  readonly shipmentIds: readonly string[];
}

export interface Corridor {
  readonly supplier: string;
  readonly recipient: string;
  readonly shipmentIds: readonly string[];
  readonly retractedShipmentIds: readonly string[];
  readonly estimates: readonly Estimate[];
  readonly totals: readonly CorridorTotal[];
  readonly disputes: readonly Dispute[];
  readonly period: { readonly from: string; readonly to: string };
  readonly routes: readonly (readonly Leg[])[];
  readonly confidence: readonly string[];
  /** How many of each there are: the lists show at most 100, of the shipments recorded last. */
  readonly counts: { readonly shipments: number; readonly retractedShipments: number; readonly estimates: number; readonly disputes: number; readonly routes: number };
  readonly truncated: boolean;
}

export interface Corridors {
  readonly position: number;
  readonly asOf?: string;
  readonly corridors: readonly Corridor[];
  readonly next: string | null;
}

export interface TimelineEntry {
  readonly id: string;
  readonly type: string;
  readonly summary: string;
  readonly parties: readonly Party[];
  readonly occurredAt: OccurredAt;
  readonly reportedAt: string | null;
  readonly recordedAt: string;
  readonly confidence: Confidence;
  readonly sources: readonly Source[];
  readonly position: number;
}

export interface Timeline {
  readonly position: number;
  readonly entries: readonly TimelineEntry[];
  readonly next: number | null;
}

export interface StoredEvent {
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamType: string;
  readonly version: number;
  readonly type: string;
  readonly data: Record<string, unknown> & { readonly occurredAt?: OccurredAt; readonly sources?: readonly Source[]; readonly confidence?: Confidence };
  readonly metadata: { readonly recordedBy?: string; readonly correlationId?: string };
  readonly recordedAt: string;
}

export interface StreamHistory {
  readonly position?: number;
  readonly version: number;
  readonly events: readonly StoredEvent[];
  /** The version to pass as `cursor` for the rest; null on the last page. */
  readonly next: number | null;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly position: number;
  readonly head: number;
  readonly lag: { readonly events: number; readonly seconds: number };
  readonly state: string;
  readonly reason?: string;
  readonly deadLetters: number;
  readonly rebuild?: { readonly percent?: number };
}

export interface ProjectionsStatus {
  readonly head: number;
  readonly projections: readonly ProjectionStatus[];
}

export type BoardChange =
  | { readonly kind: 'package-added'; readonly packageId: string; readonly title: string | null; readonly status: string }
  | { readonly kind: 'aid-request-added'; readonly aidRequestId: string; readonly packageId: string | null; readonly status: string; readonly total: Money }
  | { readonly kind: 'status-changed'; readonly subject: 'package' | 'aid-request'; readonly id: string; readonly from: string; readonly to: string }
  | { readonly kind: 'bill-changed'; readonly packageId: string; readonly from: string | null; readonly to: string | null }
  | { readonly kind: 'amount-changed'; readonly packageId: string; readonly recipient: string; readonly currency: string; readonly from: string | null; readonly to: string | null }
  | { readonly kind: 'action-recorded'; readonly packageId: string; readonly action: LegislativeAction }
  | { readonly kind: 'position-recorded'; readonly aidRequestId: string; readonly packageId: string | null; readonly position: Position };

export interface BoardChanges {
  readonly from: { readonly asOf: string; readonly position: number };
  readonly to: { readonly asOf: string; readonly position: number };
  readonly changes: readonly BoardChange[];
}
