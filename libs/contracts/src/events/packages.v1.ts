import { z } from 'zod';
import { EntityId, FactFields } from '../common.v1';

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

export type PackageProposedV1 = z.infer<typeof PackageProposedV1>;
export type PackageBundledV1 = z.infer<typeof PackageBundledV1>;
