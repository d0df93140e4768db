import type { EventOf } from '@policy-ledger/contracts';

export type ShipmentEvent = EventOf<'ShipmentReported' | 'ShipmentLegReported' | 'ShipmentEstimateUpdated' | 'ShipmentClaimDisputed' | 'ShipmentReportRetracted'>;
