import { z } from 'zod';
import { EntityId, FactFields, MAX_COUNT, Party, StreamId, text } from './common';

/**
 * Developments: one-off facts of the story (statements, sanctions, technology sought, meetings,
 * threats), each a stream of one event. Commands and events are separate schemas, versioned in
 * their names.
 */

/** Ids of other streams a development is about, e.g. `["shipment-kp-ru-2023-09"]`. */
const About = z.array(StreamId).max(100).default([]);

const StatementFields = {
  speaker: Party,
  kind: z.enum(['condemns', 'warns', 'threatens', 'welcomes', 'criticises', 'announces', 'other']),
  target: Party.optional(),
  quote: text(10_000).optional(),
  summary: text(10_000),
  about: About,
  ...FactFields,
};
const TechnologyFields = {
  seeker: Party,
  provider: Party,
  items: z.array(text()).min(1, { message: 'must list at least one item sought' }).max(200),
  inReturnFor: EntityId.optional().describe('id of the shipment it would pay for'),
  about: About,
  ...FactFields,
};
const MeetingFields = {
  participants: z.array(Party).min(2, { message: 'a meeting has at least two participants' }).max(500),
  place: text(),
  topics: z.array(text()).max(100).default([]),
  outcomes: z.array(text()).max(100).default([]),
  about: About,
  ...FactFields,
};
const ThreatFields = {
  by: Party,
  against: Party,
  what: text().describe('e.g. "a nuclear response"'),
  trigger: text().optional().describe('e.g. "the arrival of a US aircraft carrier in South Korea"'),
  about: About,
  ...FactFields,
};

/** How many targets sanctions name in all, when sources count rather than list them ("more than 500"). */
export const TargetCount = z
  .object({ value: z.number().int().positive().max(MAX_COUNT), qualifier: z.enum(['exact', 'at_least', 'approx']) })
  .strict();

const SanctionsCommonFields = {
  authority: Party.describe('who imposes or lifts them, e.g. the US Treasury'),
  reason: text(),
  about: About,
  ...FactFields,
};

const namedOrCounted = (named: readonly unknown[], count: unknown) => named.length > 0 || count !== undefined;
const NAMED_OR_COUNTED = { message: 'must name at least one target, or give targetCount' };

// ---- Commands -------------------------------------------------------------------------------

/** Creates a development stream; the HTTP body may name its `id`. */
export const RecordStatementV1 = z.object(StatementFields).strict();
/**
 * Sanctions imposed or lifted. `targets` lists those named (all or some); `targetCount` says how
 * many there are in all when sources count them ("more than 500 targets").
 */
export const RecordSanctionsV1 = z
  .object({
    action: z.enum(['imposed', 'lifted']).describe('SanctionsImposed or SanctionsLifted'),
    targets: z.array(Party).max(5000).default([]).describe('the targets named'),
    targetCount: TargetCount.optional(),
    ...SanctionsCommonFields,
  })
  .strict()
  .refine((value) => namedOrCounted(value.targets, value.targetCount), { ...NAMED_OR_COUNTED, path: ['targets'] });
export const RecordTechnologyRequestV1 = z.object(TechnologyFields).strict();
export const RecordMeetingV1 = z.object(MeetingFields).strict();
export const RecordThreatV1 = z.object(ThreatFields).strict();

// ---- Events ---------------------------------------------------------------------------------

export const StatementIssuedV1 = z.object(StatementFields).strict();

/** Version 1 of sanctions: every target enumerated. Stored events of this version are upcast to V2 when read. */
export const SanctionsImposedV1 = z
  .object({ targets: z.array(Party).min(1, { message: 'must name at least one target' }).max(5000), ...SanctionsCommonFields })
  .strict();
export const SanctionsLiftedV1 = SanctionsImposedV1;

/** Version 2: the targets named (possibly none) and, when sources count them, how many in all. */
export const SanctionTargets = z
  .object({ named: z.array(Party).max(5000).default([]), count: TargetCount.optional() })
  .strict()
  .refine((value) => namedOrCounted(value.named, value.count), NAMED_OR_COUNTED);
export const SanctionsImposedV2 = z.object({ targets: SanctionTargets, ...SanctionsCommonFields }).strict();
export const SanctionsLiftedV2 = SanctionsImposedV2;

/** A stored version-1 sanctions event, as version 2: its enumerated targets become the named ones. */
export function sanctionsV1toV2(data: z.infer<typeof SanctionsImposedV1>): z.input<typeof SanctionsImposedV2> {
  const { targets, ...rest } = data;
  return { ...rest, targets: { named: targets } };
}

export const TechnologyTransferSoughtV1 = z.object(TechnologyFields).strict();
export const MeetingHeldV1 = z.object(MeetingFields).strict();
export const ThreatIssuedV1 = z.object(ThreatFields).strict();
