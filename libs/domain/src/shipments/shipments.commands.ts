import type { ShipmentReportedV1 } from '@policy-ledger/contracts';

export type ShipmentCommand = { type: 'ReportShipment'; data: ShipmentReportedV1 };
