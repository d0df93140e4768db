import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeys, KEY_NAME, ROLES } from '@policy-ledger/access';
import { jsonSchemaOf } from '@policy-ledger/contracts';
import { ProjectionMaintenance } from '@policy-ledger/projections';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Needs } from '../http/access';
import { ProblemResponses } from '../http/endpoint';
import { validate, ZodPipe } from '../http/zod.pipe';

const KeyName = z.string().regex(KEY_NAME, { message: 'must be 1-63 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit' });
const NewKey = z.object({ name: KeyName, role: z.enum(ROLES) }).strict();
const ProjectionName = z.string().max(100).regex(/^[a-z][a-z0-9-]*$/, { message: 'must be the name of a projection, e.g. negotiations-board' });

/** What only an admin key may do: manage keys, rebuild a read model, replay its dead letters. */
@ApiTags('admin')
@ApiBearerAuth()
@Needs('admin')
@Controller('admin')
export class AdminController {
  constructor(
    private readonly keys: ApiKeys,
    private readonly maintenance: ProjectionMaintenance,
  ) {}

  @Post('keys')
  @HttpCode(201)
  @ApiOperation({ summary: 'Make an API key: its secret is in this answer, and nowhere else' })
  @ApiBody({ schema: jsonSchemaOf(NewKey) })
  @ApiResponse({ status: 201, description: '{ name, role, secret }' })
  @ProblemResponses(400, 401, 403, 409)
  async create(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { name, role } = validate(NewKey, body, 'body');
    const key = await this.keys.create(name, role, reply.request.principal?.name ?? null);
    void reply.header('location', `/admin/keys/${name}`).header('cache-control', 'no-store');
    return key;
  }

  @Get('keys')
  @ApiOperation({ summary: 'The API keys: names, roles, when made and last used, revoked ones too (no secrets)' })
  @ApiResponse({ status: 200, description: '{ keys: [{ name, role, createdAt, createdBy, lastUsedAt, revokedAt }] }' })
  @ProblemResponses(401, 403)
  async list() {
    return { keys: await this.keys.list() };
  }

  @Delete('keys/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key (its name is not reused)' })
  @ApiResponse({ status: 204, description: 'revoked' })
  @ApiParam({ name: 'name', schema: jsonSchemaOf(KeyName) })
  @ProblemResponses(400, 401, 403, 404)
  async revoke(@Param('name', new ZodPipe(KeyName, 'path', 'name')) name: string): Promise<void> {
    await this.keys.revoke(name);
  }

  @Post('projections/:name/rebuild')
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild a read model from the log without downtime; its progress is in GET /projections' })
  @ApiParam({ name: 'name', schema: jsonSchemaOf(ProjectionName) })
  @ApiResponse({ status: 202, description: '{ projection, state: "rebuilding" }' })
  @ProblemResponses(400, 401, 403, 404, 409)
  rebuild(@Param('name', new ZodPipe(ProjectionName, 'path', 'name')) name: string) {
    this.maintenance.startRebuild(name);
    return { projection: name, state: 'rebuilding', progress: '/projections' };
  }

  @Post('projections/:name/dead-letters/replay')
  @HttpCode(200)
  @ApiOperation({ summary: "Apply a read model's dead letters again, after a fix" })
  @ApiParam({ name: 'name', schema: jsonSchemaOf(ProjectionName) })
  @ApiResponse({ status: 200, description: '{ projection, replayed: [positions], failed: [{ position, reason }], waiting: [positions] }' })
  @ProblemResponses(400, 401, 403, 404)
  replay(@Param('name', new ZodPipe(ProjectionName, 'path', 'name')) name: string) {
    return this.maintenance.replayDeadLetters(name);
  }
}
