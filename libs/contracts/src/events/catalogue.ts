import type { z } from 'zod';
import {
  AidRequestBundledV1,
  AidRequestedV1,
  AidRequestSupersededV1,
  AidRequestWithdrawnV1,
  PositionRecordedV1,
} from './aid-requests.v1';
import {
  MeetingHeldV1,
  SanctionsImposedV1,
  SanctionsLiftedV1,
  StatementIssuedV1,
  TechnologyTransferSoughtV1,
  ThreatIssuedV1,
} from './developments.v1';
import {
  ComponentAddedV1,
  ComponentProposedV1,
  ComponentRemovedV1,
  LegislativeActionRecordedV1,
  PackageAttachedToBillV1,
  PackageBundledV1,
  PackageProposedV1,
} from './packages.v1';
import {
  ShipmentClaimDisputedV1,
  ShipmentEstimateUpdatedV1,
  ShipmentLegReportedV1,
  ShipmentReportedV1,
  ShipmentReportRetractedV1,
} from './shipments.v1';

/** The kinds of stream (aggregate) the ledger holds; each has its own Kafka topic. */
export const streamTypes = ['shipment', 'aid-request', 'package', 'development'] as const;
export type StreamType = (typeof streamTypes)[number];

const v1 = <S extends z.ZodType, T extends StreamType>(streamType: T, schema: S) => ({ streamType, schemaVersion: 1, schema }) as const;

/** Every event type with the schema of its data, its schema version and its stream type. */
export const eventCatalogue = {
  ShipmentReported: v1('shipment', ShipmentReportedV1),
  ShipmentLegReported: v1('shipment', ShipmentLegReportedV1),
  ShipmentEstimateUpdated: v1('shipment', ShipmentEstimateUpdatedV1),
  ShipmentClaimDisputed: v1('shipment', ShipmentClaimDisputedV1),
  ShipmentReportRetracted: v1('shipment', ShipmentReportRetractedV1),
  AidRequested: v1('aid-request', AidRequestedV1),
  PositionRecorded: v1('aid-request', PositionRecordedV1),
  AidRequestWithdrawn: v1('aid-request', AidRequestWithdrawnV1),
  AidRequestSuperseded: v1('aid-request', AidRequestSupersededV1),
  AidRequestBundled: v1('aid-request', AidRequestBundledV1),
  PackageProposed: v1('package', PackageProposedV1),
  PackageBundled: v1('package', PackageBundledV1),
  ComponentProposed: v1('package', ComponentProposedV1),
  ComponentAdded: v1('package', ComponentAddedV1),
  ComponentRemoved: v1('package', ComponentRemovedV1),
  PackageAttachedToBill: v1('package', PackageAttachedToBillV1),
  LegislativeActionRecorded: v1('package', LegislativeActionRecordedV1),
  StatementIssued: v1('development', StatementIssuedV1),
  SanctionsImposed: v1('development', SanctionsImposedV1),
  SanctionsLifted: v1('development', SanctionsLiftedV1),
  TechnologyTransferSought: v1('development', TechnologyTransferSoughtV1),
  MeetingHeld: v1('development', MeetingHeldV1),
  ThreatIssued: v1('development', ThreatIssuedV1),
} as const;

export type EventType = keyof typeof eventCatalogue;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalogue, type);
}

/** The data of an event type, as its schema gives it. */
export type EventData<T extends EventType> = z.infer<(typeof eventCatalogue)[T]['schema']>;

/** Events of the given types as the domain handles them, `{ type, data }`, derived from the catalogue. */
export type EventOf<T extends EventType> = T extends EventType ? { type: T; data: EventData<T> } : never;
