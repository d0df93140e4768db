import type { z } from 'zod';
import {
  AidRequestAmendedV1,
  AidRequestBundledV1,
  AidRequestedV1,
  AmendAidRequestV1,
  AidRequestSupersededV1,
  AidRequestWithdrawnV1,
  PositionRecordedV1,
  RecordPositionV1,
  RequestAidV1,
  WithdrawAidRequestV1,
} from './aid-requests';
import {
  MeetingHeldV1,
  RecordMeetingV1,
  RecordSanctionsV1,
  RecordStatementV1,
  RecordTechnologyRequestV1,
  RecordThreatV1,
  SanctionsImposedV1,
  SanctionsImposedV2,
  SanctionsLiftedV1,
  SanctionsLiftedV2,
  sanctionsV1toV2,
  StatementIssuedV1,
  TechnologyTransferSoughtV1,
  ThreatIssuedV1,
} from './developments';
import {
  AddComponentV1,
  AmountsAssessedV1,
  AttachToBillV1,
  BillAmountsRecordedV1,
  BundlePackageV1,
  DetachFromBillV1,
  PackageDetachedFromBillV1,
  RecordAssessmentV1,
  RecordBillAmountsV1,
  ComponentAddedV1,
  ComponentProposedV1,
  ComponentRemovedV1,
  LegislativeActionRecordedV1,
  PackageAttachedToBillV1,
  PackageBundledV1,
  PackageProposedV1,
  ProposeComponentV1,
  ProposePackageV1,
  RecordLegislativeActionV1,
  RemoveComponentV1,
} from './packages';
import {
  DisputeShipmentClaimV1,
  ReportShipmentLegV1,
  ReportShipmentV1,
  RetractShipmentReportV1,
  ShipmentClaimDisputedV1,
  ShipmentEstimateUpdatedV1,
  ShipmentLegReportedV1,
  ShipmentReportedV1,
  ShipmentReportRetractedV1,
  UpdateShipmentEstimateV1,
} from './shipments';

/** The kinds of stream (aggregate) the ledger holds; each has its own Kafka topic. */
export const streamTypes = ['shipment', 'aid-request', 'package', 'development'] as const;
export type StreamType = (typeof streamTypes)[number];

/** An older schema version of an event, and how its data becomes the next version's. */
export interface OlderVersion {
  readonly schemaVersion: number;
  /** Parses data of this version and returns it as data of the next version. */
  readonly toNext: (data: unknown) => unknown;
}

/** Registers an upcaster: data of `schemaVersion` (parsed by its schema) -> the next version's input. */
export function upcaster<S extends z.ZodType>(schemaVersion: number, schema: S, upcast: (data: z.output<S>) => unknown): OlderVersion {
  return { schemaVersion, toNext: (data) => upcast(schema.parse(data)) };
}

const event = <T extends StreamType, S extends z.ZodType>(streamType: T, schemaVersion: number, schema: S, older: readonly OlderVersion[] = []) =>
  ({ streamType, schemaVersion, schema, older }) as const;

/**
 * Every event type: its stream type, its current schema version and schema, and the older versions
 * still found in the store with their upcasters. Appends write the current version; readers get
 * every event at the current version (see decodeEvent).
 */
export const eventCatalogue = {
  ShipmentReported: event('shipment', 1, ShipmentReportedV1),
  ShipmentLegReported: event('shipment', 1, ShipmentLegReportedV1),
  ShipmentEstimateUpdated: event('shipment', 1, ShipmentEstimateUpdatedV1),
  ShipmentClaimDisputed: event('shipment', 1, ShipmentClaimDisputedV1),
  ShipmentReportRetracted: event('shipment', 1, ShipmentReportRetractedV1),
  AidRequested: event('aid-request', 1, AidRequestedV1),
  PositionRecorded: event('aid-request', 1, PositionRecordedV1),
  AidRequestWithdrawn: event('aid-request', 1, AidRequestWithdrawnV1),
  AidRequestSuperseded: event('aid-request', 1, AidRequestSupersededV1),
  AidRequestBundled: event('aid-request', 1, AidRequestBundledV1),
  AidRequestAmended: event('aid-request', 1, AidRequestAmendedV1),
  PackageProposed: event('package', 1, PackageProposedV1),
  PackageBundled: event('package', 1, PackageBundledV1),
  ComponentProposed: event('package', 1, ComponentProposedV1),
  ComponentAdded: event('package', 1, ComponentAddedV1),
  ComponentRemoved: event('package', 1, ComponentRemovedV1),
  PackageAttachedToBill: event('package', 1, PackageAttachedToBillV1),
  PackageDetachedFromBill: event('package', 1, PackageDetachedFromBillV1),
  LegislativeActionRecorded: event('package', 1, LegislativeActionRecordedV1),
  BillAmountsRecorded: event('package', 1, BillAmountsRecordedV1),
  AmountsAssessed: event('package', 1, AmountsAssessedV1),
  StatementIssued: event('development', 1, StatementIssuedV1),
  SanctionsImposed: event('development', 2, SanctionsImposedV2, [upcaster(1, SanctionsImposedV1, sanctionsV1toV2)]),
  SanctionsLifted: event('development', 2, SanctionsLiftedV2, [upcaster(1, SanctionsLiftedV1, sanctionsV1toV2)]),
  TechnologyTransferSought: event('development', 1, TechnologyTransferSoughtV1),
  MeetingHeld: event('development', 1, MeetingHeldV1),
  ThreatIssued: event('development', 1, ThreatIssuedV1),
} as const;

export type EventType = keyof typeof eventCatalogue;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalogue, type);
}

/** The data of an event type at its current schema version. */
export type EventData<T extends EventType> = z.output<(typeof eventCatalogue)[T]['schema']>;

/** Events of the given types as the domain handles them, `{ type, data }`, derived from the catalogue. */
export type EventOf<T extends EventType> = T extends EventType ? { type: T; data: EventData<T> } : never;

/** The event types of one stream type. */
export type EventTypeOf<S extends StreamType> = { [T in EventType]: (typeof eventCatalogue)[T]['streamType'] extends S ? T : never }[EventType];

/** The events of one stream type, `{ type, data }`. */
export type StreamEvent<S extends StreamType> = EventOf<EventTypeOf<S>>;

export function eventTypesOf(streamType: StreamType): EventType[] {
  return (Object.keys(eventCatalogue) as EventType[]).filter((type) => eventCatalogue[type].streamType === streamType);
}

const command = <S extends z.ZodType>(schemaVersion: number, schema: S) => ({ schemaVersion, schema }) as const;

/** Every command a client can send: its schema (the HTTP body) and its version, apart from the events it leads to. */
export const commandCatalogue = {
  ReportShipment: command(1, ReportShipmentV1),
  ReportShipmentLeg: command(1, ReportShipmentLegV1),
  UpdateShipmentEstimate: command(1, UpdateShipmentEstimateV1),
  DisputeShipmentClaim: command(1, DisputeShipmentClaimV1),
  RetractShipmentReport: command(1, RetractShipmentReportV1),
  RequestAid: command(1, RequestAidV1),
  RecordPosition: command(1, RecordPositionV1),
  WithdrawAidRequest: command(1, WithdrawAidRequestV1),
  AmendAidRequest: command(1, AmendAidRequestV1),
  ProposePackage: command(1, ProposePackageV1),
  BundlePackage: command(1, BundlePackageV1),
  ProposeComponent: command(1, ProposeComponentV1),
  AddComponent: command(1, AddComponentV1),
  RemoveComponent: command(1, RemoveComponentV1),
  AttachToBill: command(1, AttachToBillV1),
  DetachFromBill: command(1, DetachFromBillV1),
  RecordLegislativeAction: command(1, RecordLegislativeActionV1),
  RecordBillAmounts: command(1, RecordBillAmountsV1),
  RecordAssessment: command(1, RecordAssessmentV1),
  RecordStatement: command(1, RecordStatementV1),
  RecordSanctions: command(1, RecordSanctionsV1),
  RecordTechnologyRequest: command(1, RecordTechnologyRequestV1),
  RecordMeeting: command(1, RecordMeetingV1),
  RecordThreat: command(1, RecordThreatV1),
} as const;

export type CommandType = keyof typeof commandCatalogue;

/** The data of a command, as its schema gives it after validation. */
export type CommandData<T extends CommandType> = z.output<(typeof commandCatalogue)[T]['schema']>;

/** A command as the domain decides it, `{ type, data }`. */
export type CommandOf<T extends CommandType> = T extends CommandType ? { type: T; data: CommandData<T> } : never;

/** Whether an event is one of a stream type's events (each stream holds only its own type's). */
export function isEventOfStream<S extends StreamType>(event: EventOf<EventType>, streamType: S): event is StreamEvent<S> {
  return eventCatalogue[event.type].streamType === streamType;
}
