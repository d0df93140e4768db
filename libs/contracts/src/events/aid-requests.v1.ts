import { z } from 'zod';
import { CountryCode, EntityId, FactFields, Money, Party } from '../common.v1';

export const AidPurpose = z.enum(['military', 'financial', 'humanitarian', 'border_security', 'other']);

export const AidLine = z
  .object({ recipient: CountryCode, purpose: AidPurpose, amount: Money, note: z.string().min(1).optional() })
  .strict();

export const AidRequestedV1 = z
  .object({
    requester: z.string().min(1).describe('who asks, e.g. "President of the United States"'),
    addressee: z.string().min(1).describe('who is asked, e.g. "US Congress"'),
    lines: z.array(AidLine).min(1, { message: 'must hold at least one line item' }),
    total: Money,
    supersedes: EntityId.optional().describe('id of the aid request this one replaces; it becomes superseded'),
    ...FactFields,
  })
  .strict();

export const Stance = z.enum(['supports', 'opposes', 'sets_conditions', 'undecided']);

/** An actor's position on an aid request: support, opposition, or conditions such as "border first". */
export const PositionRecordedV1 = z
  .object({
    actor: Party,
    stance: Stance,
    conditions: z.array(z.string().min(1)).optional(),
    quote: z.string().min(1).optional(),
    ...FactFields,
  })
  .strict()
  .refine((position) => position.stance !== 'sets_conditions' || (position.conditions?.length ?? 0) > 0, {
    message: 'a position that sets conditions must list them',
    path: ['conditions'],
  });

export const AidRequestWithdrawnV1 = z
  .object({ reason: z.string().min(1), ...FactFields })
  .strict();

/** Recorded on the old request when a new one (`supersededBy`) replaces it. */
export const AidRequestSupersededV1 = z
  .object({ supersededBy: EntityId, ...FactFields })
  .strict();

/** Recorded on a request when a package bundles it, in the same transaction as PackageBundled. */
export const AidRequestBundledV1 = z
  .object({ packageId: EntityId, ...FactFields })
  .strict();

export type AidLine = z.infer<typeof AidLine>;
export type AidRequestedV1 = z.infer<typeof AidRequestedV1>;
export type PositionRecordedV1 = z.infer<typeof PositionRecordedV1>;
export type AidRequestWithdrawnV1 = z.infer<typeof AidRequestWithdrawnV1>;
export type AidRequestSupersededV1 = z.infer<typeof AidRequestSupersededV1>;
export type AidRequestBundledV1 = z.infer<typeof AidRequestBundledV1>;
