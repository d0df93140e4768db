import type { ShipmentReportedV1 } from '@policy-ledger/contracts';

export type ShipmentEvent = { type: 'ShipmentReported'; data: ShipmentReportedV1 };
