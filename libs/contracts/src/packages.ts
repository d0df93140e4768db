import { z } from 'zod';
import { CountryCode, EntityId, FactFields, Money, Party } from './common';
import { AidPurpose } from './aid-requests';

/**
 * Packages: aid requests bundled into one package, components floated, added and removed, the
 * bill that carries it and the legislative actions on that bill. Commands and events are separate
 * schemas, versioned in their names.
 */

export const BillType = z.enum(['hr', 's', 'hjres', 'sjres']);

/** A bill of a legislature, e.g. H.R. 815 of the 118th Congress: `{ congress: 118, type: "hr", number: 815 }`. */
export const Bill = z
  .object({
    congress: z.number().int().min(1).max(500),
    type: BillType,
    number: z.number().int().positive(),
  })
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

const ProposalFields = {
  title: z.string().min(1),
  sponsor: z.string().min(1).describe('who proposes it, e.g. "White House"'),
  rationale: z.string().min(1).optional(),
  ...FactFields,
};
const BundleFields = {
  aidRequestIds: z.array(EntityId).min(1, { message: 'must name at least one aid request' }),
  rationale: z.string().min(1).optional(),
  ...FactFields,
};
const ComponentFields = {
  componentId: EntityId.describe('the package-local id of the component, e.g. "taiwan-aid"'),
  description: z.string().min(1),
  recipient: CountryCode.optional(),
  purpose: AidPurpose.optional(),
  amount: Money.optional(),
};
const ProposedComponentFields = { ...ComponentFields, proposedBy: Party, ...FactFields };
const AddedComponentFields = { ...ComponentFields, description: ComponentFields.description.optional(), ...FactFields };
const RemovedComponentFields = { componentId: EntityId, reason: z.string().min(1), ...FactFields };
const AttachFields = { bill: Bill, title: z.string().min(1).optional(), ...FactFields };

const legislativeAction = () =>
  z
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

// ---- Commands -------------------------------------------------------------------------------

/** Creates the stream; the HTTP body may name its `id`. */
export const ProposePackageV1 = z.object(ProposalFields).strict();
export const BundlePackageV1 = z.object(BundleFields).strict();
export const ProposeComponentV1 = z.object(ProposedComponentFields).strict();
/** Takes in a component floated before (by id), or a new one (then with its description). */
export const AddComponentV1 = z.object(AddedComponentFields).strict();
export const RemoveComponentV1 = z.object(RemovedComponentFields).strict();
export const AttachToBillV1 = z.object(AttachFields).strict();
export const RecordLegislativeActionV1 = legislativeAction();

// ---- Events ---------------------------------------------------------------------------------

export const PackageProposedV1 = z.object(ProposalFields).strict();
export const PackageBundledV1 = z.object(BundleFields).strict();
/** An addition floated but not yet in the package (e.g. Taiwan aid, border funding). */
export const ComponentProposedV1 = z.object(ProposedComponentFields).strict();
/** A component taken into the package: one proposed before (by id), or a new one. */
export const ComponentAddedV1 = z.object(AddedComponentFields).strict();
export const ComponentRemovedV1 = z.object(RemovedComponentFields).strict();
export const PackageAttachedToBillV1 = z.object(AttachFields).strict();
export const LegislativeActionRecordedV1 = legislativeAction();

export type Bill = z.infer<typeof Bill>;
export type Chamber = z.infer<typeof Chamber>;
export type LegislativeActionType = z.infer<typeof LegislativeActionType>;
