import { z } from 'zod';
import { EntityId, FactFields, Money, Party, Recipient, text } from './common';

/**
 * Aid requests: what a requester (e.g. the President) asks a legislature for, line by line, and
 * the positions actors take on it. Commands and events are separate schemas, versioned in their
 * names.
 */

export const AidPurpose = z.enum(['military', 'financial', 'humanitarian', 'border_security', 'other']);

/** A line of money: for whom (a state, or a region or list of states), for what, how much. */
export const AidLine = z
  .object({ recipient: Recipient, purpose: AidPurpose, amount: Money, note: text().optional() })
  .strict();

export const Stance = z.enum(['supports', 'opposes', 'sets_conditions', 'undecided']);

const RequestFields = {
  requester: text().describe('who asks, e.g. "President of the United States"'),
  addressee: text().describe('who is asked, e.g. "US Congress"'),
  lines: z.array(AidLine).min(1, { message: 'must hold at least one line item' }).max(500),
  total: Money,
  supersedes: EntityId.optional().describe('id of the aid request this one replaces; it becomes superseded'),
  ...FactFields,
};

/** An actor's position on an aid request: support, opposition, or conditions such as "border first". */
const position = () =>
  z
    .object({
      actor: Party,
      stance: Stance,
      conditions: z.array(text()).max(100).optional(),
      quote: text(10_000).optional(),
      ...FactFields,
    })
    .strict()
    .refine((value) => value.stance !== 'sets_conditions' || (value.conditions?.length ?? 0) > 0, {
      message: 'a position that sets conditions must list them',
      path: ['conditions'],
    });

const WithdrawalFields = { reason: text(), ...FactFields };
/** The request's lines as they stand now, all of them: a line left out is dropped. */
const AmendmentFields = {
  lines: RequestFields.lines,
  total: Money,
  reason: text().optional().describe('e.g. "the administration revised its request"'),
  ...FactFields,
};

// ---- Commands -------------------------------------------------------------------------------

/** Creates the stream; the HTTP body may name its `id`. */
export const RequestAidV1 = z.object(RequestFields).strict();
export const RecordPositionV1 = position();
export const WithdrawAidRequestV1 = z.object(WithdrawalFields).strict();
export const AmendAidRequestV1 = z.object(AmendmentFields).strict();

// ---- Events ---------------------------------------------------------------------------------

export const AidRequestedV1 = z.object(RequestFields).strict();
export const PositionRecordedV1 = position();
export const AidRequestWithdrawnV1 = z.object(WithdrawalFields).strict();
/** The requester changed its lines: these replace the earlier ones (a line absent here is dropped). */
export const AidRequestAmendedV1 = z.object(AmendmentFields).strict();
/** Recorded on the old request when a new one (`supersededBy`) replaces it. */
export const AidRequestSupersededV1 = z.object({ supersededBy: EntityId, ...FactFields }).strict();
/** Recorded on a request when a package bundles it, in the same transaction as PackageBundled. */
export const AidRequestBundledV1 = z.object({ packageId: EntityId, ...FactFields }).strict();

export type AidLine = z.infer<typeof AidLine>;
export type Stance = z.infer<typeof Stance>;
