import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AsOfReader, boardChanges } from '@policy-ledger/projections';
import { z } from 'zod';
import { ApiQueryOf } from '../events/api-query';
import { AsOf } from '../http/read-consistency';
import { ZodPipe } from '../http/zod.pipe';

const ChangesQuery = z
  .object({
    from: AsOf.describe('the earlier recorded time: the board as the ledger knew it then'),
    to: AsOf.optional().describe('the later recorded time (default: now)'),
  })
  .strict()
  .refine((query) => query.to === undefined || Date.parse(query.to) >= Date.parse(query.from), { path: ['to'], message: 'must not be before `from`' });

/**
 * GET /negotiations/changes?from=&to=: what changed on the negotiations board between two
 * recorded times. Both boards come from the as-of reader (the log's prefix folded by the
 * projection's own evolve), the difference from the pure `boardChanges`.
 */
@ApiTags('packages and negotiations')
@Controller('negotiations/changes')
export class NegotiationsChangesController {
  constructor(private readonly asOf: AsOfReader) {}

  @Get()
  @ApiQueryOf(ChangesQuery)
  @ApiOkResponse({
    description:
      '{ from: { asOf, position }, to: { asOf, position }, changes: [{ kind: package-added | aid-request-added | status-changed | bill-changed | amount-changed | action-recorded | position-recorded, ... }] }',
  })
  async changes(@Query(new ZodPipe(ChangesQuery, 'query')) query: z.infer<typeof ChangesQuery>) {
    const to = query.to ?? new Date().toISOString();
    const [before, after] = await Promise.all([this.asOf.board(query.from), this.asOf.board(to)]);
    return {
      from: { asOf: query.from, position: before.position },
      to: { asOf: to, position: after.position },
      ...boardChanges(before, after),
    };
  }
}
