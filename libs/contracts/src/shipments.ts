import { z } from 'zod';
import { CountryCode, EntityId, FactFields, Party, Quantity, text } from './common';

/**
 * Shipments: arms reported going from one state to another, their legs, estimates and disputes.
 * Commands (what a client asks, the HTTP bodies) and events (what the ledger stores, the Kafka
 * payloads) are separate schemas, each versioned in its name; the decider maps one to the other.
 */

export const TransportMode = z.enum(['sea', 'rail', 'road', 'air']);

export const Place = z
  .object({ name: text(), country: CountryCode })
  .strict();

export const ShipmentLeg = z
  .object({
    mode: TransportMode,
    from: Place,
    to: Place,
    vessel: z.object({ name: text().optional(), flag: CountryCode.optional() }).strict().optional(),
  })
  .strict();

export const ShipmentItem = z
  .object({
    category: text().describe('e.g. munitions, military_equipment, artillery_shells'),
    designation: text().optional(),
    description: text().optional(),
    quantity: Quantity,
  })
  .strict();

const ShipmentFields = {
  supplier: CountryCode,
  recipient: CountryCode,
  items: z.array(ShipmentItem).min(1, { message: 'must list at least one item' }).max(200),
  legs: z.array(ShipmentLeg).max(100).default([]),
  finalDestination: z
    .object({ description: text(), country: CountryCode.optional(), near: CountryCode.optional() })
    .strict()
    .optional(),
  stage: z.enum(['ordered', 'in_transit', 'delivered']),
  intendedUse: text().optional(),
  ...FactFields,
};
const LegFields = { leg: ShipmentLeg, ...FactFields };
/** The id of a figure of a shipment: `item-<n>` for the report's items, the client's or `estimate-<n>` for updates. */
const EstimateId = EntityId.describe('the id of a figure of this shipment, e.g. "item-1" (the report\'s first item) or "estimate-3"');
const EstimateFields = {
  estimateId: EstimateId.optional().describe('the id other facts use to point at this figure; the server numbers it "estimate-<n>" when absent'),
  category: text().describe('the item category the figure counts, as reported'),
  quantity: Quantity,
  estimatedBy: Party.optional().describe('who gives the figure (e.g. a defence minister), when not the publisher of the first source'),
  equivalentOf: EstimateId.optional().describe('the figure this one restates in another unit (e.g. containers said to hold so many shells)'),
  ...FactFields,
};
const DisputeFields = {
  claim: text().describe('what is disputed, e.g. "the container count" or "the destination"'),
  counterClaim: text(),
  quantity: Quantity.optional().describe('the conflicting figure, if the dispute is about one'),
  disputes: EstimateId.optional().describe('the id of the figure disputed, when it is one figure'),
  disputedBy: Party,
  ...FactFields,
};
const RetractionFields = { reason: text(), ...FactFields };

// ---- Commands -------------------------------------------------------------------------------

/** Creates the stream; the HTTP body may name its `id` (see the routes). */
export const ReportShipmentV1 = z.object(ShipmentFields).strict();
export const ReportShipmentLegV1 = z.object(LegFields).strict();
export const UpdateShipmentEstimateV1 = z.object(EstimateFields).strict();
export const DisputeShipmentClaimV1 = z.object(DisputeFields).strict();
export const RetractShipmentReportV1 = z.object(RetractionFields).strict();

// ---- Events ---------------------------------------------------------------------------------

export const ShipmentReportedV1 = z.object(ShipmentFields).strict();
export const ShipmentLegReportedV1 = z.object(LegFields).strict();
/** A new cumulative figure from a source: it replaces that source's earlier figure for the category. */
export const ShipmentEstimateUpdatedV1 = z.object(EstimateFields).strict();
/** A conflicting figure or fact, with its source; both stay visible. */
export const ShipmentClaimDisputedV1 = z.object(DisputeFields).strict();
export const ShipmentReportRetractedV1 = z.object(RetractionFields).strict();

export type ShipmentLeg = z.infer<typeof ShipmentLeg>;
export type ShipmentItem = z.infer<typeof ShipmentItem>;
