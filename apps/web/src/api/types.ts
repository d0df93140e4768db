/**
 * The JSON the public HTTP API answers, as far as the dashboard reads it. Declared here, not
 * imported from the server: the dashboard is one more client of the documented API. Fields the
 * board may gain later (amounts by stage, a status per bill) are optional and shown when present.
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

export interface Money {
  readonly amount: string;
  readonly currency: string;
}

export interface Party {
  readonly name?: string;
  readonly country?: string;
  readonly role?: string;
}

export interface Amount {
  readonly recipient: string;
  readonly purpose?: string;
  readonly currency: string;
  readonly amount: string;
}

/** An amount at one stage of a package's way (requested, a chamber's bill, enacted, an outside assessment). */
export interface StageAmount {
  readonly stage: string;
  readonly label?: string;
  readonly recipient?: string;
  readonly purpose?: string;
  readonly currency?: string;
  readonly amount?: string | Money;
  readonly amounts?: readonly Amount[];
  readonly total?: Money;
  readonly occurredAt?: OccurredAt;
  readonly sources?: readonly Source[];
  readonly confidence?: Confidence;
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

export interface AidLine {
  readonly recipient: string;
  readonly purpose: string;
  readonly amount: Money;
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
  readonly recipient: string | null;
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
  readonly action: string;
  readonly vote: { readonly yea: number; readonly nay: number; readonly present?: number; readonly notVoting?: number } | null;
  readonly amount: Money | null;
  readonly lawNumber: string | null;
  readonly note: string | null;
  readonly occurredAt: OccurredAt;
}

/** A bill that carries (or carried) a package, with its own status, for packages carried by several. */
export interface BillStatusView {
  readonly label?: string;
  readonly bill?: string | Bill;
  readonly status: string;
  readonly current?: boolean;
  readonly actions?: readonly LegislativeAction[];
}

export interface Package {
  readonly id: string;
  readonly version: number;
  readonly title: string | null;
  readonly sponsor: string | null;
  readonly rationale: string | null;
  readonly status: string;
  readonly bill: Bill | null;
  readonly lawNumber: string | null;
  readonly aidRequests: readonly AidRequest[];
  readonly pendingAidRequestIds: readonly string[];
  readonly components: readonly Component[];
  readonly proposedAdditions: readonly Component[];
  readonly amountsByRecipient: readonly Amount[];
  readonly amountsByRecipientAndPurpose: readonly Amount[];
  readonly positions: readonly Position[];
  readonly actions: readonly LegislativeAction[];
  readonly lastAction: LastAction;
  /** Added by later versions of the board: shown when present. */
  readonly amountsByStage?: readonly StageAmount[];
  readonly stages?: readonly StageAmount[];
  readonly bills?: readonly BillStatusView[];
}

export interface Board {
  readonly position: number;
  readonly asOf?: string;
  readonly packages: readonly Package[];
  readonly unbundledAidRequests: readonly AidRequest[];
}

export interface Quantity {
  readonly value: number;
  readonly unit: string;
  readonly qualifier: 'exact' | 'at_least' | 'at_most' | 'approx' | string;
  readonly countingSince?: string | null;
}

export interface Estimate {
  readonly category: string;
  readonly quantity: Quantity;
  readonly source: string;
  readonly sources: readonly Source[];
  readonly confidence: Confidence;
  readonly occurredAt: OccurredAt;
  readonly reportedAt: string | null;
  readonly recordedAt: string;
  readonly shipmentId: string;
}

export interface Dispute {
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

export interface Corridor {
  readonly supplier: string;
  readonly recipient: string;
  readonly shipmentIds: readonly string[];
  readonly retractedShipmentIds: readonly string[];
  readonly estimates: readonly Estimate[];
  readonly totals: readonly { readonly unit: string; readonly countingSince: string | null; readonly value: number; readonly qualifier: string; readonly shipmentIds: readonly string[] }[];
  readonly disputes: readonly Dispute[];
  readonly period: { readonly from: string; readonly to: string };
  readonly routes: readonly (readonly Leg[])[];
  readonly confidence: readonly string[];
}

export interface Corridors {
  readonly position: number;
  readonly asOf?: string;
  readonly corridors: readonly Corridor[];
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
