import type {
  ShipmentClaimDisputedV1,
  ShipmentEstimateUpdatedV1,
  ShipmentLegReportedV1,
  ShipmentReportedV1,
  ShipmentReportRetractedV1,
} from '@policy-ledger/contracts';

export type ShipmentCommand =
  | { type: 'ReportShipment'; data: ShipmentReportedV1 }
  | { type: 'ReportShipmentLeg'; data: ShipmentLegReportedV1 }
  | { type: 'UpdateShipmentEstimate'; data: ShipmentEstimateUpdatedV1 }
  | { type: 'DisputeShipmentClaim'; data: ShipmentClaimDisputedV1 }
  | { type: 'RetractShipmentReport'; data: ShipmentReportRetractedV1 };
