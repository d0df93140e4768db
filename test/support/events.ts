import type { NewEvent } from '@policy-ledger/event-store';
import { dprkShipment } from '@policy-ledger/testing';

const metadata = { recordedBy: 'test', correlationId: 'test', causationId: null };

/** A valid ShipmentReported, optionally with another recipient, to append directly. */
export function shipmentReported(recipient = 'RU'): NewEvent {
  return { type: 'ShipmentReported', schemaVersion: 1, data: { ...dprkShipment, recipient }, metadata, occurredAt: dprkShipment.occurredAt };
}

export function event(type: string, data: unknown): NewEvent {
  return { type, schemaVersion: 1, data, metadata };
}
