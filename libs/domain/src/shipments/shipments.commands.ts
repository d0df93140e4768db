import type { EventData } from '@policy-ledger/contracts';

export type ShipmentCommand =
  | { type: 'ReportShipment'; data: EventData<'ShipmentReported'> }
  | { type: 'ReportShipmentLeg'; data: EventData<'ShipmentLegReported'> }
  | { type: 'UpdateShipmentEstimate'; data: EventData<'ShipmentEstimateUpdated'> }
  | { type: 'DisputeShipmentClaim'; data: EventData<'ShipmentClaimDisputed'> }
  | { type: 'RetractShipmentReport'; data: EventData<'ShipmentReportRetracted'> };
