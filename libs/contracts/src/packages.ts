import { z } from 'zod';
import { EntityId, FactFields, Money, Party, Recipient, text } from './common';
import { AidLine, AidPurpose } from './aid-requests';

/**
 * Packages: aid requests bundled into one package, components floated, added and removed, the
 * bill that carries it and the legislative actions on that bill. Commands and events are separate
 * schemas, versioned in their names.
 */

/**
 * Bills and joint resolutions (hr, s, hjres, sjres) go to the President once both chambers agree
 * on one text; concurrent resolutions (hconres, sconres) need both chambers and are never
 * presented; simple resolutions (hres, sres) are one chamber's, e.g. a rule (an H.Res. providing
 * for the consideration of another bill).
 */
export const BillType = z.enum(['hr', 's', 'hjres', 'sjres', 'hconres', 'sconres', 'hres', 'sres']);

/** A bill of a legislature, e.g. H.R. 815 of the 118th Congress: `{ congress: 118, type: "hr", number: 815 }`. */
export const Bill = z
  .object({
    congress: z.number().int().min(1).max(500),
    type: BillType,
    number: z.number().int().positive().max(1_000_000),
  })
  .strict();

export const Chamber = z.enum(['house', 'senate', 'president']);

export const LegislativeActionType = z.enum([
  'introduced',
  'referred',
  'reported',
  'passed',
  'passed_with_amendment',
  'concurred',
  'concurred_with_amendment',
  'conference_report_agreed',
  'failed',
  'cloture_invoked',
  'cloture_failed',
  'rule_adopted',
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
  passed_with_amendment: ['house', 'senate'],
  concurred: ['house', 'senate'],
  concurred_with_amendment: ['house', 'senate'],
  conference_report_agreed: ['house', 'senate'],
  failed: ['house', 'senate'],
  cloture_invoked: ['senate'],
  cloture_failed: ['senate'],
  rule_adopted: ['house', 'senate'],
  presented: ['president'],
  signed: ['president'],
  vetoed: ['president'],
  veto_overridden: ['house', 'senate'],
  became_law: ['president'],
  correction: ['house', 'senate', 'president'],
};

export const RecordedVote = z
  .object({
    yea: z.number().int().min(0).max(10_000),
    nay: z.number().int().min(0).max(10_000),
    present: z.number().int().min(0).max(10_000).optional(),
    notVoting: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();

const ProposalFields = {
  title: text(),
  sponsor: text().describe('who proposes it, e.g. "White House"'),
  rationale: text().optional(),
  ...FactFields,
};
const BundleFields = {
  aidRequestIds: z.array(EntityId).min(1, { message: 'must name at least one aid request' }).max(100),
  rationale: text().optional(),
  ...FactFields,
};
const ComponentFields = {
  componentId: EntityId.describe('the package-local id of the component, e.g. "taiwan-aid"'),
  description: text(),
  recipient: Recipient.optional(),
  purpose: AidPurpose.optional(),
  amount: Money.optional(),
};
const ProposedComponentFields = { ...ComponentFields, proposedBy: Party, ...FactFields };
const AddedComponentFields = { ...ComponentFields, description: ComponentFields.description.optional(), ...FactFields };
const RemovedComponentFields = { componentId: EntityId, reason: text(), ...FactFields };
const AttachFields = {
  bill: Bill,
  title: text().optional(),
  alongside: z
    .boolean()
    .default(false)
    .describe('true: the bill carries the package alongside the bills carrying it now (e.g. split into separate bills); false: it moves to this bill'),
  ...FactFields,
};
const DetachFields = { bill: Bill, reason: text().describe('e.g. "joined into H.R. 815 as one amendment"'), ...FactFields };

/** The text versions of a bill whose amounts can be recorded, from the least to the most advanced. */
export const BillVersion = z.enum(['introduced', 'house_committee', 'senate_committee', 'house', 'senate', 'conference', 'enrolled', 'enacted']);

/** A bill version's amounts: every line of that version (a line it dropped is simply absent). */
const BillAmountsFields = {
  bill: Bill,
  version: BillVersion.describe('house / senate: the text as that chamber passed it (or its amendment); enacted: the law'),
  lines: z.array(AidLine).max(500).describe('every line of this version; none when it carries none of the package'),
  statedTotal: Money.optional().describe('the total its sponsors or the record state, which the lines may not add up to'),
  note: text().optional(),
  ...FactFields,
};

export const AssessmentMeasure = z.enum(['new_commitments', 'allocated', 'obligated', 'disbursed', 'delivered', 'budget_authority', 'deficit_effect', 'other']);

/** An outside assessment of the money: who counts, what they count, and their figures. */
const AssessmentFields = {
  assessor: text().describe('e.g. "Kiel Institute for the World Economy", "Congressional Budget Office"'),
  measure: AssessmentMeasure.describe('what is counted, e.g. new_commitments (aid trackers), deficit_effect (CBO)'),
  lines: z.array(AidLine).min(1, { message: 'must hold at least one line' }).max(500),
  note: text().optional(),
  ...FactFields,
};

const VOTE_METHODS = ['recorded_vote', 'voice_vote', 'unanimous_consent'] as const;
const AMENDING = ['passed_with_amendment', 'concurred_with_amendment'];
const CLOTURE = ['cloture_invoked', 'cloture_failed'];

const legislativeAction = () =>
  z
    .object({
      bill: Bill,
      chamber: Chamber,
      action: LegislativeActionType,
      vote: RecordedVote.optional(),
      method: z.enum(VOTE_METHODS).optional().describe('how the question was decided; voice votes and unanimous consent have no tally'),
      rollCall: z.number().int().positive().max(1_000_000).optional(),
      amendment: z
        .object({
          number: text().optional().describe('e.g. "S.Amdt. 1578"'),
          substitute: z.boolean().default(false).describe('an amendment in the nature of a substitute: it replaces the whole text'),
          title: text().optional().describe('the title the text takes, e.g. "CARES Act"'),
        })
        .strict()
        .optional()
        .describe('with passed_with_amendment or concurred_with_amendment: the amendment'),
      clotureOn: z.enum(['motion_to_proceed', 'measure', 'amendment', 'conference_report', 'other']).optional().describe('with a cloture vote: what it closes debate on'),
      rule: Bill.optional().describe('with rule_adopted: the simple resolution (H.Res.) providing for consideration of the bill'),
      amount: Money.optional().describe('the amount the bill carries at this stage'),
      lawNumber: z.string().regex(/^\d{1,3}-\d{1,6}$/, { message: 'must be like "118-50"' }).optional(),
      note: text().optional(),
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
      if (value.lawNumber !== undefined && value.action !== 'became_law' && value.action !== 'signed' && value.action !== 'correction') {
        ctx.addIssue({ code: 'custom', path: ['lawNumber'], message: 'is only given with "became_law" or "signed" (or a correction)' });
      }
      if (value.amendment !== undefined && !AMENDING.includes(value.action)) {
        ctx.addIssue({ code: 'custom', path: ['amendment'], message: 'is only given with "passed_with_amendment" or "concurred_with_amendment"' });
      }
      if (value.clotureOn !== undefined && !CLOTURE.includes(value.action)) {
        ctx.addIssue({ code: 'custom', path: ['clotureOn'], message: 'is only given with a cloture vote' });
      }
      if (value.action === 'rule_adopted') {
        const expected = value.chamber === 'senate' ? 'sres' : 'hres';
        if (value.rule === undefined) ctx.addIssue({ code: 'custom', path: ['rule'], message: `a rule is a simple resolution: name it (a bill of type "${expected}")` });
        else if (value.rule.type !== expected) ctx.addIssue({ code: 'custom', path: ['rule', 'type'], message: `a ${value.chamber} rule is a simple resolution of type "${expected}"` });
      } else if (value.rule !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['rule'], message: 'is only given with "rule_adopted"' });
      }
      if (value.vote !== undefined && (value.method === 'voice_vote' || value.method === 'unanimous_consent')) {
        ctx.addIssue({ code: 'custom', path: ['vote'], message: `a ${value.method.replace('_', ' ')} has no recorded tally` });
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
export const DetachFromBillV1 = z.object(DetachFields).strict();
export const RecordLegislativeActionV1 = legislativeAction();
export const RecordBillAmountsV1 = z.object(BillAmountsFields).strict();
export const RecordAssessmentV1 = z.object(AssessmentFields).strict();

// ---- Events ---------------------------------------------------------------------------------

export const PackageProposedV1 = z.object(ProposalFields).strict();
export const PackageBundledV1 = z.object(BundleFields).strict();
/** An addition floated but not yet in the package (e.g. Taiwan aid, border funding). */
export const ComponentProposedV1 = z.object(ProposedComponentFields).strict();
/** A component taken into the package: one proposed before (by id), or a new one. */
export const ComponentAddedV1 = z.object(AddedComponentFields).strict();
export const ComponentRemovedV1 = z.object(RemovedComponentFields).strict();
/**
 * A bill carries the package: instead of the bills carrying it now (version 1 rows, which have no
 * `alongside`, read so: a package moved between vehicle bills), or alongside them.
 */
export const PackageAttachedToBillV1 = z.object(AttachFields).strict();
/** A bill no longer carries the package (e.g. its part was joined into another bill); its record stays. */
export const PackageDetachedFromBillV1 = z.object(DetachFields).strict();
export const LegislativeActionRecordedV1 = legislativeAction();
/** The amounts of one version of a bill carrying the package: its whole set of lines. */
export const BillAmountsRecordedV1 = z.object(BillAmountsFields).strict();
/** An outside assessment of the package's money (e.g. new commitments counted by a tracker). */
export const AmountsAssessedV1 = z.object(AssessmentFields).strict();

export type Bill = z.infer<typeof Bill>;
export type Chamber = z.infer<typeof Chamber>;
export type LegislativeActionType = z.infer<typeof LegislativeActionType>;
export type BillVersion = z.infer<typeof BillVersion>;
