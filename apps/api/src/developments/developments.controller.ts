import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  CountryCode,
  IsoDate,
  jsonSchemaOf,
  RecordMeetingBody,
  RecordSanctionsBody,
  RecordStatementBody,
  RecordTechnologyRequestBody,
  RecordThreatBody,
} from '@policy-ledger/contracts';
import type { DevelopmentCommand } from '@policy-ledger/domain';
import type { AppendResult } from '@policy-ledger/event-store';
import { TIMELINE_TYPES } from '@policy-ledger/projections';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Command, type CommandRequest } from '../http/command-request';
import { created, idAndData } from '../http/command-result';
import { ReadQuery } from '../http/read-consistency';
import { ZodPipe } from '../http/zod.pipe';
import { DevelopmentCommandMessage, GetTimeline } from './developments.messages';

const TimelineQuery = ReadQuery.extend({
  order: z.enum(['occurred', 'recorded']).default('occurred').describe('world order (occurredAt) or the order the ledger learned it'),
  actor: z.string().min(1).optional().describe('a party named in the development (case-insensitive substring)'),
  country: CountryCode.optional(),
  type: z.enum(TIMELINE_TYPES).optional(),
  from: IsoDate.optional().describe('occurred on or after'),
  to: IsoDate.optional().describe('occurred on or before'),
  occurredBefore: IsoDate.optional().describe('occurred strictly before this date: the world as it stood then'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.coerce.number().int().min(0).default(0).describe('the `next` of the previous page'),
});

@ApiTags('developments and timeline')
@Controller()
export class DevelopmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private async record<Body extends { id?: string }>(body: Body, command: (data: Omit<Body, 'id'>) => DevelopmentCommand, request: CommandRequest, reply: FastifyReply) {
    const { id, data } = idAndData(body, randomUUID);
    const result: AppendResult = await this.commands.execute(new DevelopmentCommandMessage(id, command(data), request));
    return created(reply, `/streams/development-${id}/events`, id, result);
  }

  @Post('developments/statements')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(RecordStatementBody) })
  statement(@Body(new ZodPipe(RecordStatementBody)) body: z.infer<typeof RecordStatementBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.record(body, (data) => ({ type: 'RecordStatement', data }), request, reply);
  }

  @Post('developments/sanctions')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(RecordSanctionsBody) })
  sanctions(@Body(new ZodPipe(RecordSanctionsBody)) body: z.infer<typeof RecordSanctionsBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.record(body, ({ action, ...data }) => ({ type: 'RecordSanctions', action, data }), request, reply);
  }

  @Post('developments/technology-requests')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(RecordTechnologyRequestBody) })
  technology(@Body(new ZodPipe(RecordTechnologyRequestBody)) body: z.infer<typeof RecordTechnologyRequestBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.record(body, (data) => ({ type: 'RecordTechnologyRequest', data }), request, reply);
  }

  @Post('developments/meetings')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(RecordMeetingBody) })
  meeting(@Body(new ZodPipe(RecordMeetingBody)) body: z.infer<typeof RecordMeetingBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.record(body, (data) => ({ type: 'RecordMeeting', data }), request, reply);
  }

  @Post('developments/threats')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(RecordThreatBody) })
  threat(@Body(new ZodPipe(RecordThreatBody)) body: z.infer<typeof RecordThreatBody>, @Command() request: CommandRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.record(body, (data) => ({ type: 'RecordThreat', data }), request, reply);
  }

  @Get('timeline')
  timeline(@Query(new ZodPipe(TimelineQuery, 'query')) query: z.infer<typeof TimelineQuery>) {
    const { minPosition, ...rest } = query;
    return this.queries.execute(new GetTimeline(rest, minPosition));
  }
}
