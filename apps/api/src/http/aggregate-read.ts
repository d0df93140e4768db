import { Controller, type Type } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ReadModels } from '@policy-ledger/projections';
import type { z } from 'zod';
import { ReadEndpoint, ReadQuery, ValidId, ValidQuery } from './endpoint';

/**
 * A controller for the read of one aggregate by id (`GET <path>` with `minPosition`): its read
 * model with the position its projection has reached, 404 when it holds no such id.
 */
export function aggregateRead(
  tag: string,
  path: `${string}/:id`,
  summary: string,
  read: (readModels: ReadModels, id: string, minPosition: number | undefined) => Promise<unknown>,
): Type<unknown> {
  @ApiTags(tag)
  @Controller()
  class AggregateRead {
    constructor(readonly readModels: ReadModels) {}

    @ReadEndpoint(path, { summary, query: ReadQuery, problems: [400, 404, 503] })
    byId(@ValidId() id: string, @ValidQuery() query: z.infer<typeof ReadQuery>) {
      return read(this.readModels, id, query.minPosition);
    }
  }
  // The OpenAPI operation id is named after the controller: one per resource.
  Object.defineProperty(AggregateRead, 'name', { value: `${path.split('/')[0]?.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Read` });
  return AggregateRead;
}
