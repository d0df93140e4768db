import { z } from 'zod';
import { EntityId, FactFields, Party, StreamId } from '../common.v1';

/** Ids of other streams a development is about, e.g. `["shipment-kp-ru-2023-09"]`. */
const About = z.array(StreamId).default([]);

export const StatementIssuedV1 = z
  .object({
    speaker: Party,
    kind: z.enum(['condemns', 'warns', 'threatens', 'welcomes', 'criticises', 'announces', 'other']),
    target: Party.optional(),
    quote: z.string().min(1).optional(),
    summary: z.string().min(1),
    about: About,
    ...FactFields,
  })
  .strict();

const SanctionsFields = {
  authority: Party.describe('who imposes or lifts them, e.g. the US Treasury'),
  targets: z.array(Party).min(1, { message: 'must name at least one target' }),
  reason: z.string().min(1),
  about: About,
  ...FactFields,
};

export const SanctionsImposedV1 = z.object(SanctionsFields).strict();
export const SanctionsLiftedV1 = z.object(SanctionsFields).strict();

export const TechnologyTransferSoughtV1 = z
  .object({
    seeker: Party,
    provider: Party,
    items: z.array(z.string().min(1)).min(1, { message: 'must list at least one item sought' }),
    inReturnFor: EntityId.optional().describe('id of the shipment it would pay for'),
    about: About,
    ...FactFields,
  })
  .strict();

export const MeetingHeldV1 = z
  .object({
    participants: z.array(Party).min(2, { message: 'a meeting has at least two participants' }),
    place: z.string().min(1),
    topics: z.array(z.string().min(1)).default([]),
    outcomes: z.array(z.string().min(1)).default([]),
    about: About,
    ...FactFields,
  })
  .strict();

export const ThreatIssuedV1 = z
  .object({
    by: Party,
    against: Party,
    what: z.string().min(1).describe('e.g. "a nuclear response"'),
    trigger: z.string().min(1).optional().describe('e.g. "the arrival of a US aircraft carrier in South Korea"'),
    about: About,
    ...FactFields,
  })
  .strict();

export type StatementIssuedV1 = z.infer<typeof StatementIssuedV1>;
export type SanctionsImposedV1 = z.infer<typeof SanctionsImposedV1>;
export type SanctionsLiftedV1 = z.infer<typeof SanctionsLiftedV1>;
export type TechnologyTransferSoughtV1 = z.infer<typeof TechnologyTransferSoughtV1>;
export type MeetingHeldV1 = z.infer<typeof MeetingHeldV1>;
export type ThreatIssuedV1 = z.infer<typeof ThreatIssuedV1>;
