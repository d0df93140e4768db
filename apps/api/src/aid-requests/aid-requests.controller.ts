import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { EntityId, jsonSchemaOf, RecordPositionBody, RequestAidBody, WithdrawAidRequestBody } from '@policy-ledger/contracts';
import type { AidRequestCommand } from '@policy-ledger/domain';
import type { AppendResult } from '@policy-ledger/event-store';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { Command, type CommandRequest } from '../http/command-request';
import { created, idAndData } from '../http/command-result';
import { ReadQuery } from '../http/read-consistency';
import { ZodPipe } from '../http/zod.pipe';
import { AidRequestCommandMessage, GetAidRequest } from './aid-requests.messages';

const Id = new ZodPipe(EntityId, 'path');

@ApiTags('aid requests')
@Controller('aid-requests')
export class AidRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private async run(id: string, command: AidRequestCommand, request: CommandRequest, reply: FastifyReply) {
    const result: AppendResult = await this.commands.execute(new AidRequestCommandMessage(id, command, request));
    return created(reply, `/aid-requests/${id}`, id, result);
  }

  @Post()
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(RequestAidBody) })
  request(@Body(new ZodPipe(RequestAidBody)) body: z.infer<typeof RequestAidBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { id, data } = idAndData(body, randomUUID);
    return this.run(id, { type: 'RequestAid', data }, request, reply);
  }

  @Post(':id/positions')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(RecordPositionBody) })
  position(@Param('id', Id) id: string, @Body(new ZodPipe(RecordPositionBody)) data: z.infer<typeof RecordPositionBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'RecordPosition', data }, request, reply);
  }

  @Post(':id/withdrawal')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(WithdrawAidRequestBody) })
  withdraw(@Param('id', Id) id: string, @Body(new ZodPipe(WithdrawAidRequestBody)) data: z.infer<typeof WithdrawAidRequestBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'WithdrawAidRequest', data }, request, reply);
  }

  @Get(':id')
  get(@Param('id', Id) id: string, @Query(new ZodPipe(ReadQuery, 'query')) query: z.infer<typeof ReadQuery>) {
    return this.queries.execute(new GetAidRequest(id, query.minPosition));
  }
}
