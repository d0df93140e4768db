import { z } from 'zod';
import { CountryCode, FactFields, Party, Quantity } from '../common.v1';

export const TransportMode = z.enum(['sea', 'rail', 'road', 'air']);

export const Place = z
  .object({ name: z.string().min(1), country: CountryCode })
  .strict();

export const ShipmentLeg = z
  .object({
    mode: TransportMode,
    from: Place,
    to: Place,
    vessel: z.object({ name: z.string().min(1).optional(), flag: CountryCode.optional() }).strict().optional(),
  })
  .strict();

export const ShipmentItem = z
  .object({
    category: z.string().min(1).describe('e.g. munitions, military_equipment, artillery_shells'),
    designation: z.string().min(1).optional(),
    description: z.string().min(1).optional(),
    quantity: Quantity,
  })
  .strict();

export const ShipmentReportedV1 = z
  .object({
    supplier: CountryCode,
    recipient: CountryCode,
    items: z.array(ShipmentItem).min(1, { message: 'must list at least one item' }),
    legs: z.array(ShipmentLeg).default([]),
    finalDestination: z
      .object({ description: z.string().min(1), country: CountryCode.optional(), near: CountryCode.optional() })
      .strict()
      .optional(),
    stage: z.enum(['ordered', 'in_transit', 'delivered']),
    intendedUse: z.string().min(1).optional(),
    ...FactFields,
  })
  .strict();

export type ShipmentLeg = z.infer<typeof ShipmentLeg>;
export type ShipmentItem = z.infer<typeof ShipmentItem>;
export type ShipmentReportedV1 = z.infer<typeof ShipmentReportedV1>;

export const ShipmentLegReportedV1 = z
  .object({ leg: ShipmentLeg, ...FactFields })
  .strict();

/** A new cumulative figure from a source: it replaces that source's earlier figure for the category. */
export const ShipmentEstimateUpdatedV1 = z
  .object({
    category: z.string().min(1).describe('the item category the figure counts, as reported'),
    quantity: Quantity,
    ...FactFields,
  })
  .strict();

/** A conflicting figure or fact, with its source; both stay visible. */
export const ShipmentClaimDisputedV1 = z
  .object({
    claim: z.string().min(1).describe('what is disputed, e.g. "the container count" or "the destination"'),
    counterClaim: z.string().min(1),
    quantity: Quantity.optional().describe('the conflicting figure, if the dispute is about one'),
    disputedBy: Party,
    ...FactFields,
  })
  .strict();

export const ShipmentReportRetractedV1 = z
  .object({ reason: z.string().min(1), ...FactFields })
  .strict();

export type ShipmentLegReportedV1 = z.infer<typeof ShipmentLegReportedV1>;
export type ShipmentEstimateUpdatedV1 = z.infer<typeof ShipmentEstimateUpdatedV1>;
export type ShipmentClaimDisputedV1 = z.infer<typeof ShipmentClaimDisputedV1>;
export type ShipmentReportRetractedV1 = z.infer<typeof ShipmentReportRetractedV1>;
