import { z } from 'zod';
import { CountryCode, FactFields, Quantity } from '../common.v1';

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
