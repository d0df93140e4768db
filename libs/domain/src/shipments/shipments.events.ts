import type {
  ShipmentClaimDisputedV1,
  ShipmentEstimateUpdatedV1,
  ShipmentLegReportedV1,
  ShipmentReportedV1,
  ShipmentReportRetractedV1,
} from '@policy-ledger/contracts';

export type ShipmentEvent =
  | { type: 'ShipmentReported'; data: ShipmentReportedV1 }
  | { type: 'ShipmentLegReported'; data: ShipmentLegReportedV1 }
  | { type: 'ShipmentEstimateUpdated'; data: ShipmentEstimateUpdatedV1 }
  | { type: 'ShipmentClaimDisputed'; data: ShipmentClaimDisputedV1 }
  | { type: 'ShipmentReportRetracted'; data: ShipmentReportRetractedV1 };
