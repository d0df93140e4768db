import { type z } from 'zod';
import { AidRequestedV1 } from './aid-requests.v1';
import { PackageBundledV1, PackageProposedV1 } from './packages.v1';
import { ShipmentReportedV1 } from './shipments.v1';

/** The kinds of stream (aggregate) the ledger holds; each has its own Kafka topic. */
export const streamTypes = ['shipment', 'aid-request', 'package'] as const;
export type StreamType = (typeof streamTypes)[number];

/** Every event type with the schema of its data, its schema version and its stream type. */
export const eventCatalogue = {
  ShipmentReported: { streamType: 'shipment', schemaVersion: 1, schema: ShipmentReportedV1 },
  AidRequested: { streamType: 'aid-request', schemaVersion: 1, schema: AidRequestedV1 },
  PackageProposed: { streamType: 'package', schemaVersion: 1, schema: PackageProposedV1 },
  PackageBundled: { streamType: 'package', schemaVersion: 1, schema: PackageBundledV1 },
} as const satisfies Record<string, { streamType: StreamType; schemaVersion: number; schema: z.ZodType }>;

export type EventType = keyof typeof eventCatalogue;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalogue, type);
}
