import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  AddComponentBody,
  AttachToBillBody,
  BundlePackageBody,
  CountryCode,
  EntityId,
  jsonSchemaOf,
  ProposeComponentBody,
  ProposePackageBody,
  RecordLegislativeActionBody,
  RemoveComponentBody,
} from '@policy-ledger/contracts';
import type { PackageCommand } from '@policy-ledger/domain';
import type { AppendResult } from '@policy-ledger/event-store';
import { BOARD_STATUSES } from '@policy-ledger/projections';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Command, type CommandRequest } from '../http/command-request';
import { created, idAndData } from '../http/command-result';
import { AsOf, ReadQuery } from '../http/read-consistency';
import { ZodPipe } from '../http/zod.pipe';
import { GetNegotiations, GetPackage, PackageCommandMessage } from './packages.messages';

const Id = new ZodPipe(EntityId, 'path');
const NegotiationsQuery = ReadQuery.extend({
  recipient: CountryCode.optional().describe('only packages and requests with aid for this state'),
  status: z.enum(BOARD_STATUSES).optional().describe('only packages and requests in this status'),
  asOf: AsOf.optional().describe('the board as the ledger knew it at this recorded time'),
});

@ApiTags('packages and negotiations')
@Controller()
export class PackagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private async run(id: string, command: PackageCommand, request: CommandRequest, reply: FastifyReply) {
    const result: AppendResult = await this.commands.execute(new PackageCommandMessage(id, command, request));
    return created(reply, `/packages/${id}`, id, result);
  }

  @Post('packages')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(ProposePackageBody) })
  propose(@Body(new ZodPipe(ProposePackageBody)) body: z.infer<typeof ProposePackageBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { id, data } = idAndData(body, randomUUID);
    return this.run(id, { type: 'ProposePackage', data }, request, reply);
  }

  @Post('packages/:id/bundle')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(BundlePackageBody) })
  bundle(@Param('id', Id) id: string, @Body(new ZodPipe(BundlePackageBody)) data: z.infer<typeof BundlePackageBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'BundlePackage', data }, request, reply);
  }

  @Post('packages/:id/proposed-components')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(ProposeComponentBody) })
  proposeComponent(@Param('id', Id) id: string, @Body(new ZodPipe(ProposeComponentBody)) data: z.infer<typeof ProposeComponentBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'ProposeComponent', data }, request, reply);
  }

  @Post('packages/:id/components')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(AddComponentBody) })
  addComponent(@Param('id', Id) id: string, @Body(new ZodPipe(AddComponentBody)) data: z.infer<typeof AddComponentBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'AddComponent', data }, request, reply);
  }

  @Post('packages/:id/components/:componentId/removal')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(RemoveComponentBody) })
  removeComponent(
    @Param('id', Id) id: string,
    @Param('componentId', Id) componentId: string,
    @Body(new ZodPipe(RemoveComponentBody)) data: z.infer<typeof RemoveComponentBody>,
    @Command() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(id, { type: 'RemoveComponent', data: { ...data, componentId } }, request, reply);
  }

  @Post('packages/:id/bill')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(AttachToBillBody) })
  attach(@Param('id', Id) id: string, @Body(new ZodPipe(AttachToBillBody)) data: z.infer<typeof AttachToBillBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'AttachToBill', data }, request, reply);
  }

  @Post('packages/:id/legislative-actions')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(RecordLegislativeActionBody) })
  legislativeAction(@Param('id', Id) id: string, @Body(new ZodPipe(RecordLegislativeActionBody)) data: z.infer<typeof RecordLegislativeActionBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'RecordLegislativeAction', data }, request, reply);
  }

  @Get('packages/:id')
  get(@Param('id', Id) id: string, @Query(new ZodPipe(ReadQuery, 'query')) query: z.infer<typeof ReadQuery>) {
    return this.queries.execute(new GetPackage(id, query.minPosition));
  }

  @Get('negotiations')
  negotiations(@Query(new ZodPipe(NegotiationsQuery, 'query')) query: z.infer<typeof NegotiationsQuery>) {
    return this.queries.execute(new GetNegotiations({ recipient: query.recipient, status: query.status }, query.minPosition, query.asOf));
  }
}
