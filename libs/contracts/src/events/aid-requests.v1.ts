import { z } from 'zod';
import { CountryCode, EntityId, FactFields, Money } from '../common.v1';

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
    supersedes: EntityId.optional().describe('id of the aid request this one replaces'),
    ...FactFields,
  })
  .strict();

export type AidLine = z.infer<typeof AidLine>;
export type AidRequestedV1 = z.infer<typeof AidRequestedV1>;
