import { Controller } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CountryCode } from '@policy-ledger/contracts';
import { packageCommands } from '@policy-ledger/domain';
import { BOARD_CURSOR, BOARD_STATUSES, boardChanges, type BoardChangesBetween, ReadModels } from '@policy-ledger/projections';
import { z } from 'zod';
import { aggregateRead } from '../http/aggregate-read';
import { command, commandController, type RouteTable } from '../http/command-routes';
import { AsOf, pageQuery, ReadEndpoint, ReadQuery, ValidQuery } from '../http/endpoint';

export const packageRoutes: RouteTable = {
  tag: 'packages and negotiations',
  location: (id) => `/packages/${id}`,
  routes: [
    command('packages', 'ProposePackage', packageCommands, 'Propose a package', { creates: true }),
    command('packages/:id/bundle', 'BundlePackage', packageCommands, 'Bundle aid requests into the package (each request sits in one active package)'),
    command('packages/:id/proposed-components', 'ProposeComponent', packageCommands, 'Float an addition, not yet in the package'),
    command('packages/:id/components', 'AddComponent', packageCommands, 'Take a component into the package'),
    command('packages/:id/components/:componentId/removal', 'RemoveComponent', packageCommands, 'Remove a component from the package'),
    command('packages/:id/bill', 'AttachToBill', packageCommands, 'Attach the package to a bill: it moves there, or is carried alongside the others'),
    command('packages/:id/bill/detachment', 'DetachFromBill', packageCommands, 'A bill no longer carries the package (its record stays)'),
    command('packages/:id/legislative-actions', 'RecordLegislativeAction', packageCommands, 'Record an action on a bill carrying the package (a correction: editor)', {
      role: (recorded) => (recorded.data.action === 'correction' ? 'editor' : 'reporter'),
    }),
    command('packages/:id/bill-amounts', 'RecordBillAmounts', packageCommands, "Record the amounts of a bill's version: every line of it"),
    command('packages/:id/assessments', 'RecordAssessment', packageCommands, "Record an outside assessment of the package's money"),
  ],
};

export const PackageCommands = commandController(packageRoutes);

export const PackageRead = aggregateRead('packages and negotiations', 'packages/:id', "A package's read model, with its requests, components, bill and amounts", (readModels, id, minPosition) =>
  readModels.package(id, minPosition),
);

const NegotiationsQuery = ReadQuery.extend({
  recipient: CountryCode.optional().describe('only packages and requests with aid for this state (alone or named in a group)'),
  status: z.enum(BOARD_STATUSES).optional().describe('only packages and requests in this status'),
  asOf: AsOf.optional().describe('the board as the ledger knew it at this recorded time'),
  ...pageQuery(z.string().regex(BOARD_CURSOR, { message: 'must be the `next` of a previous page, like "package/ukraine-supplemental"' }), { byDefault: 50, max: 200 }),
});

const ChangesQuery = z
  .object({
    from: AsOf.describe('the earlier recorded time: the board as the ledger knew it then'),
    to: AsOf.optional().describe('the later recorded time (default: now)'),
  })
  .strict()
  .refine((query) => query.to === undefined || Date.parse(query.to) >= Date.parse(query.from), { path: ['to'], message: 'must not be before `from`' });

@ApiTags('packages and negotiations')
@Controller()
export class PackageReads {
  constructor(private readonly readModels: ReadModels) {}

  @ReadEndpoint('negotiations', {
    summary: 'The negotiations board, a page at a time: packages by id, then the requests in no package',
    query: NegotiationsQuery,
    ok: '{ position | asOf, packages, unbundledAidRequests, next }: next is the cursor of the next page, null on the last',
    problems: [400, 503],
  })
  negotiations(@ValidQuery() { minPosition, asOf, limit, cursor, ...filter }: z.infer<typeof NegotiationsQuery>) {
    return this.readModels.negotiations(filter, { limit, after: cursor }, minPosition, asOf);
  }

  /**
   * What changed on the board between two recorded times: both boards as the ledger knew them (the
   * log's prefix folded by the projections' own evolve), the difference from the pure `boardChanges`.
   */
  @ReadEndpoint('negotiations/changes', { summary: 'What changed on the negotiations board between two recorded times', query: ChangesQuery, problems: [400] })
  @ApiOkResponse({
    description:
      '{ from: { asOf, position }, to: { asOf, position }, changes: [{ kind: package-added | aid-request-added | status-changed | bill-changed | amount-changed | action-recorded | position-recorded, ... }] }',
  })
  async changes(@ValidQuery() query: z.infer<typeof ChangesQuery>): Promise<BoardChangesBetween> {
    const to = query.to ?? new Date().toISOString();
    const [before, after] = await Promise.all([this.readModels.asOf.board(query.from), this.readModels.asOf.board(to)]);
    return { from: { asOf: query.from, position: before.position }, to: { asOf: to, position: after.position }, ...boardChanges(before, after) };
  }
}
