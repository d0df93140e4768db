import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  CountryCode,
  DisputeShipmentClaimBody,
  EntityId,
  IsoDate,
  jsonSchemaOf,
  ReportShipmentBody,
  ReportShipmentLegBody,
  RetractShipmentReportBody,
  UpdateShipmentEstimateBody,
} from '@policy-ledger/contracts';
import type { ShipmentCommand } from '@policy-ledger/domain';
import type { AppendResult } from '@policy-ledger/event-store';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Command, type CommandRequest } from '../http/command-request';
import { created, idAndData } from '../http/command-result';
import { AsOf, ReadQuery } from '../http/read-consistency';
import { ZodPipe } from '../http/zod.pipe';
import { GetCorridors, GetShipment, ShipmentCommandMessage } from './shipments.messages';

const CorridorsQuery = ReadQuery.extend({
  supplier: CountryCode.optional(),
  recipient: CountryCode.optional(),
  asOf: AsOf.optional().describe('the corridors as the ledger knew them at this recorded time'),
  occurredBefore: IsoDate.optional().describe('only what had happened in the world before this date'),
});
const Id = new ZodPipe(EntityId, 'path');

@ApiTags('shipments')
@Controller()
export class ShipmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private async run(id: string, command: ShipmentCommand, request: CommandRequest, reply: FastifyReply) {
    const result: AppendResult = await this.commands.execute(new ShipmentCommandMessage(id, command, request));
    return created(reply, `/shipments/${id}`, id, result);
  }

  @Post('shipments')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(ReportShipmentBody) })
  report(@Body(new ZodPipe(ReportShipmentBody)) body: z.infer<typeof ReportShipmentBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { id, data } = idAndData(body, randomUUID);
    return this.run(id, { type: 'ReportShipment', data }, request, reply);
  }

  @Post('shipments/:id/legs')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(ReportShipmentLegBody) })
  leg(@Param('id', Id) id: string, @Body(new ZodPipe(ReportShipmentLegBody)) data: z.infer<typeof ReportShipmentLegBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'ReportShipmentLeg', data }, request, reply);
  }

  @Post('shipments/:id/estimates')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(UpdateShipmentEstimateBody) })
  estimate(@Param('id', Id) id: string, @Body(new ZodPipe(UpdateShipmentEstimateBody)) data: z.infer<typeof UpdateShipmentEstimateBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'UpdateShipmentEstimate', data }, request, reply);
  }

  @Post('shipments/:id/disputes')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(DisputeShipmentClaimBody) })
  dispute(@Param('id', Id) id: string, @Body(new ZodPipe(DisputeShipmentClaimBody)) data: z.infer<typeof DisputeShipmentClaimBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'DisputeShipmentClaim', data }, request, reply);
  }

  @Post('shipments/:id/retraction')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(RetractShipmentReportBody) })
  retract(@Param('id', Id) id: string, @Body(new ZodPipe(RetractShipmentReportBody)) data: z.infer<typeof RetractShipmentReportBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'RetractShipmentReport', data }, request, reply);
  }

  @Get('shipments/:id')
  get(@Param('id', Id) id: string, @Query(new ZodPipe(ReadQuery, 'query')) query: z.infer<typeof ReadQuery>) {
    return this.queries.execute(new GetShipment(id, query.minPosition));
  }

  @Get('corridors')
  corridors(@Query(new ZodPipe(CorridorsQuery, 'query')) query: z.infer<typeof CorridorsQuery>) {
    const { minPosition, asOf, ...filter } = query;
    return this.queries.execute(new GetCorridors(filter, minPosition, asOf));
  }
}
