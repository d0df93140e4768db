import { z } from 'zod';
import { CountryCode, EntityId, FactFields, Money, Party } from '../common.v1';
import { AidPurpose } from './aid-requests.v1';

export const PackageProposedV1 = z
  .object({
    title: z.string().min(1),
    sponsor: z.string().min(1).describe('who proposes it, e.g. "White House"'),
    rationale: z.string().min(1).optional(),
    ...FactFields,
  })
  .strict();

export const PackageBundledV1 = z
  .object({
    aidRequestIds: z.array(EntityId).min(1, { message: 'must name at least one aid request' }),
    rationale: z.string().min(1).optional(),
    ...FactFields,
  })
  .strict();

const ComponentFields = {
  componentId: EntityId.describe('the package-local id of the component, e.g. "taiwan-aid"'),
  description: z.string().min(1),
  recipient: CountryCode.optional(),
  purpose: AidPurpose.optional(),
  amount: Money.optional(),
};

/** An addition floated but not yet in the package (e.g. Taiwan aid, border funding). */
export const ComponentProposedV1 = z
  .object({ ...ComponentFields, proposedBy: Party, ...FactFields })
  .strict();

/** A component taken into the package: one proposed before (by id), or a new one. */
export const ComponentAddedV1 = z
  .object({ ...ComponentFields, description: ComponentFields.description.optional(), ...FactFields })
  .strict();

export const ComponentRemovedV1 = z
  .object({ componentId: EntityId, reason: z.string().min(1), ...FactFields })
  .strict();

export const BillType = z.enum(['hr', 's', 'hjres', 'sjres']);

/** A bill of a legislature, e.g. H.R. 815 of the 118th Congress: `{ congress: 118, type: "hr", number: 815 }`. */
export const Bill = z
  .object({
    congress: z.number().int().min(1).max(500),
    type: BillType,
    number: z.number().int().positive(),
  })
  .strict();

export const PackageAttachedToBillV1 = z
  .object({ bill: Bill, title: z.string().min(1).optional(), ...FactFields })
  .strict();

export const Chamber = z.enum(['house', 'senate', 'president']);

export const LegislativeActionType = z.enum([
  'introduced',
  'referred',
  'reported',
  'passed',
  'failed',
  'cloture_failed',
  'presented',
  'signed',
  'vetoed',
  'veto_overridden',
  'became_law',
  'correction',
]);

const actionChambers: Record<z.infer<typeof LegislativeActionType>, readonly z.infer<typeof Chamber>[]> = {
  introduced: ['house', 'senate'],
  referred: ['house', 'senate'],
  reported: ['house', 'senate'],
  passed: ['house', 'senate'],
  failed: ['house', 'senate'],
  cloture_failed: ['senate'],
  presented: ['president'],
  signed: ['president'],
  vetoed: ['president'],
  veto_overridden: ['house', 'senate'],
  became_law: ['president'],
  correction: ['house', 'senate', 'president'],
};

export const RecordedVote = z
  .object({
    yea: z.number().int().min(0),
    nay: z.number().int().min(0),
    present: z.number().int().min(0).optional(),
    notVoting: z.number().int().min(0).optional(),
  })
  .strict();

export const LegislativeActionRecordedV1 = z
  .object({
    bill: Bill,
    chamber: Chamber,
    action: LegislativeActionType,
    vote: RecordedVote.optional(),
    amount: Money.optional().describe('the amount the bill carries at this stage'),
    lawNumber: z.string().regex(/^\d+-\d+$/, { message: 'must be like "118-50"' }).optional(),
    note: z.string().min(1).optional(),
    ...FactFields,
  })
  .strict()
  .superRefine((value, ctx) => {
    if (!actionChambers[value.action].includes(value.chamber)) {
      ctx.addIssue({
        code: 'custom',
        path: ['chamber'],
        message: `the action "${value.action}" is taken by ${actionChambers[value.action].join(' or ')}`,
      });
    }
    if (value.lawNumber !== undefined && value.action !== 'became_law' && value.action !== 'correction') {
      ctx.addIssue({ code: 'custom', path: ['lawNumber'], message: 'is only given with "became_law" (or a correction)' });
    }
  });

export type PackageProposedV1 = z.infer<typeof PackageProposedV1>;
export type PackageBundledV1 = z.infer<typeof PackageBundledV1>;
export type ComponentProposedV1 = z.infer<typeof ComponentProposedV1>;
export type ComponentAddedV1 = z.infer<typeof ComponentAddedV1>;
export type ComponentRemovedV1 = z.infer<typeof ComponentRemovedV1>;
export type Bill = z.infer<typeof Bill>;
export type PackageAttachedToBillV1 = z.infer<typeof PackageAttachedToBillV1>;
export type LegislativeActionType = z.infer<typeof LegislativeActionType>;
export type LegislativeActionRecordedV1 = z.infer<typeof LegislativeActionRecordedV1>;
