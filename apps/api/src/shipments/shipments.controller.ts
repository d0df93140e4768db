import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { CountryCode, EntityId, jsonSchemaOf, ReportShipmentBody } from '@policy-ledger/contracts';
import type { AppendResult } from '@policy-ledger/event-store';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Command, type CommandRequest } from '../http/command-request';
import { created } from '../http/command-result';
import { ReadQuery } from '../http/read-consistency';
import { ZodPipe } from '../http/zod.pipe';
import { GetCorridors, GetShipment, ShipmentCommandMessage } from './shipments.messages';

const CorridorsQuery = ReadQuery.extend({ supplier: CountryCode.optional(), recipient: CountryCode.optional() });

@ApiTags('shipments')
@Controller()
export class ShipmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('shipments')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(ReportShipmentBody) })
  async report(
    @Body(new ZodPipe(ReportShipmentBody)) body: ReportShipmentBody,
    @Command() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { id = randomUUID(), ...data } = body;
    const result: AppendResult = await this.commands.execute(
      new ShipmentCommandMessage(id, { type: 'ReportShipment', data }, request),
    );
    return created(reply, `/shipments/${id}`, id, result);
  }

  @Get('shipments/:id')
  get(@Param('id', new ZodPipe(EntityId, 'path')) id: string, @Query(new ZodPipe(ReadQuery, 'query')) query: z.infer<typeof ReadQuery>) {
    return this.queries.execute(new GetShipment(id, query.minPosition));
  }

  @Get('corridors')
  corridors(@Query(new ZodPipe(CorridorsQuery, 'query')) query: z.infer<typeof CorridorsQuery>) {
    return this.queries.execute(new GetCorridors({ supplier: query.supplier, recipient: query.recipient }, query.minPosition));
  }
}
