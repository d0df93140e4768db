import { z } from 'zod';
import { EntityId } from '../common.v1';
import { AidRequestedV1, AidRequestWithdrawnV1, PositionRecordedV1 } from '../events/aid-requests.v1';
import {
  MeetingHeldV1,
  SanctionsImposedV1,
  StatementIssuedV1,
  TechnologyTransferSoughtV1,
  ThreatIssuedV1,
} from '../events/developments.v1';
import {
  ComponentAddedV1,
  ComponentProposedV1,
  LegislativeActionRecordedV1,
  PackageAttachedToBillV1,
  PackageBundledV1,
  PackageProposedV1,
} from '../events/packages.v1';
import {
  ShipmentClaimDisputedV1,
  ShipmentEstimateUpdatedV1,
  ShipmentLegReportedV1,
  ShipmentReportedV1,
  ShipmentReportRetractedV1,
} from '../events/shipments.v1';
import { ComponentRemovedV1 } from '../events/packages.v1';

/**
 * HTTP bodies of the commands. Each body is the data of the event it leads to, so every shape is
 * declared once, in events/. A command that creates a stream may name its id; otherwise the
 * server generates one. A command on an existing stream takes its id from the path.
 */
const withOptionalId = { id: EntityId.optional().describe('client-chosen id; generated when absent') };

export const ReportShipmentBody = ShipmentReportedV1.extend(withOptionalId);
export const ReportShipmentLegBody = ShipmentLegReportedV1;
export const UpdateShipmentEstimateBody = ShipmentEstimateUpdatedV1;
export const DisputeShipmentClaimBody = ShipmentClaimDisputedV1;
export const RetractShipmentReportBody = ShipmentReportRetractedV1;

export const RequestAidBody = AidRequestedV1.extend(withOptionalId);
export const RecordPositionBody = PositionRecordedV1;
export const WithdrawAidRequestBody = AidRequestWithdrawnV1;

export const ProposePackageBody = PackageProposedV1.extend(withOptionalId);
export const BundlePackageBody = PackageBundledV1;
export const ProposeComponentBody = ComponentProposedV1;
export const AddComponentBody = ComponentAddedV1;
export const RemoveComponentBody = ComponentRemovedV1.omit({ componentId: true });
export const AttachToBillBody = PackageAttachedToBillV1;
export const RecordLegislativeActionBody = LegislativeActionRecordedV1;

export const RecordStatementBody = StatementIssuedV1.extend(withOptionalId);
export const RecordSanctionsBody = SanctionsImposedV1.extend({
  ...withOptionalId,
  action: z.enum(['imposed', 'lifted']).describe('SanctionsImposed or SanctionsLifted'),
});
export const RecordTechnologyRequestBody = TechnologyTransferSoughtV1.extend(withOptionalId);
export const RecordMeetingBody = MeetingHeldV1.extend(withOptionalId);
export const RecordThreatBody = ThreatIssuedV1.extend(withOptionalId);

export type ReportShipmentBody = z.infer<typeof ReportShipmentBody>;
export type RequestAidBody = z.infer<typeof RequestAidBody>;
export type ProposePackageBody = z.infer<typeof ProposePackageBody>;
export type BundlePackageBody = z.infer<typeof BundlePackageBody>;
export type RemoveComponentBody = z.infer<typeof RemoveComponentBody>;
export type RecordSanctionsBody = z.infer<typeof RecordSanctionsBody>;
