import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { BundlePackageBody, EntityId, jsonSchemaOf, ProposePackageBody } from '@policy-ledger/contracts';
import type { AppendResult } from '@policy-ledger/event-store';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { Command, type CommandRequest } from '../http/command-request';
import { created } from '../http/command-result';
import { ReadQuery } from '../http/read-consistency';
import { ZodPipe } from '../http/zod.pipe';
import { GetNegotiations, GetPackage, PackageCommandMessage } from './packages.messages';

@ApiTags('packages and negotiations')
@Controller()
export class PackagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('packages')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(ProposePackageBody) })
  async propose(
    @Body(new ZodPipe(ProposePackageBody)) body: ProposePackageBody,
    @Command() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { id = randomUUID(), ...data } = body;
    const result: AppendResult = await this.commands.execute(new PackageCommandMessage(id, { type: 'ProposePackage', data }, request));
    return created(reply, `/packages/${id}`, id, result);
  }

  @Post('packages/:id/bundle')
  @HttpCode(201)
  @ApiBody({ schema: jsonSchemaOf(BundlePackageBody) })
  async bundle(
    @Param('id', new ZodPipe(EntityId, 'path')) id: string,
    @Body(new ZodPipe(BundlePackageBody)) data: BundlePackageBody,
    @Command() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result: AppendResult = await this.commands.execute(new PackageCommandMessage(id, { type: 'BundlePackage', data }, request));
    return created(reply, `/packages/${id}`, id, result);
  }

  @Get('packages/:id')
  get(@Param('id', new ZodPipe(EntityId, 'path')) id: string, @Query(new ZodPipe(ReadQuery, 'query')) query: z.infer<typeof ReadQuery>) {
    return this.queries.execute(new GetPackage(id, query.minPosition));
  }

  @Get('negotiations')
  negotiations(@Query(new ZodPipe(ReadQuery, 'query')) query: z.infer<typeof ReadQuery>) {
    return this.queries.execute(new GetNegotiations(query.minPosition));
  }
}
