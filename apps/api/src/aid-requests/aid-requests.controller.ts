import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { EntityId, jsonSchemaOf, RequestAidBody } from '@policy-ledger/contracts';
import type { AppendResult } from '@policy-ledger/event-store';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { Command, type CommandRequest } from '../http/command-request';
import { created } from '../http/command-result';
import { ReadQuery } from '../http/read-consistency';
import { ZodPipe } from '../http/zod.pipe';
import { AidRequestCommandMessage, GetAidRequest } from './aid-requests.messages';

@ApiTags('aid requests')
@Controller('aid-requests')
export class AidRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(RequestAidBody) })
  async request(
    @Body(new ZodPipe(RequestAidBody)) body: RequestAidBody,
    @Command() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { id = randomUUID(), ...data } = body;
    const result: AppendResult = await this.commands.execute(new AidRequestCommandMessage(id, { type: 'RequestAid', data }, request));
    return created(reply, `/aid-requests/${id}`, id, result);
  }

  @Get(':id')
  get(@Param('id', new ZodPipe(EntityId, 'path')) id: string, @Query(new ZodPipe(ReadQuery, 'query')) query: z.infer<typeof ReadQuery>) {
    return this.queries.execute(new GetAidRequest(id, query.minPosition));
  }
}
