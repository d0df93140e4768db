import { applyDecorators, Controller, HttpCode, Post, Req, Res, type Type } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { commandCatalogue, type CommandOf, type CommandType, decodeCommand, EntityId, jsonSchemaOf } from '@policy-ledger/contracts';
import type { UseCase } from '@policy-ledger/domain';
import { type AppendResult, CommandExecutor, type CommandOptions } from '@policy-ledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ProblemResponses } from './endpoint';
import { RequestValidationError } from './problem';
import { issuesOf, validate } from './zod.pipe';

/** A command on its way to its use case: the one message of the command bus. */
export class ExecuteCommand<Command> {
  constructor(
    readonly useCase: UseCase<Command>,
    readonly id: string,
    readonly command: Command,
    readonly options: CommandOptions,
  ) {}
}

/** The command bus's one handler: a thin adapter to the executor (read, decide, append). */
@CommandHandler(ExecuteCommand)
export class ExecuteCommandHandler implements ICommandHandler<ExecuteCommand<unknown>, AppendResult> {
  constructor(private readonly commands: CommandExecutor) {}

  execute({ useCase, id, command, options }: ExecuteCommand<unknown>): Promise<AppendResult> {
    return this.commands.execute(useCase, id, command, options);
  }
}

/** One command endpoint of a route table: its path, the command it takes and the use case that decides it. */
export interface CommandRoute {
  readonly path: string;
  readonly type: CommandType;
  readonly summary: string;
  /** A creating command names the new stream's id in its body (`id`), or the server makes one. */
  readonly creates: boolean;
  /** Validates a request (400 naming each field) into the bus message of this route's use case. */
  prepare(id: string, data: unknown, options: CommandOptions): ExecuteCommand<unknown>;
}

/**
 * A route of the table: `POST <path>` takes the body of `type` (its schema in the contracts
 * catalogue) and runs `useCase` on the stream the path's `:id` names. Other path parameters are
 * fields of the command (e.g. `:componentId`).
 */
export function command<K extends CommandType>(path: string, type: K, useCase: UseCase<CommandOf<K>>, summary: string, options: { creates?: boolean } = {}): CommandRoute {
  return {
    path,
    type,
    summary,
    creates: options.creates ?? false,
    prepare(id, data, commandOptions) {
      const decoded = decodeCommand(type, data);
      if (!decoded.success) throw new RequestValidationError('body', issuesOf(decoded.error));
      return new ExecuteCommand(useCase, id, decoded.command, commandOptions);
    },
  };
}

function header(headers: FastifyRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(value);
  if (!match) throw new RequestValidationError('header', [{ field: 'If-Match', rule: 'format', message: 'must be the stream version the client saw, e.g. "3"' }]);
  return Number(match[1]);
}

/** What a command request carries besides its body: who, which request, which version it saw. */
export function commandOptions(headers: FastifyRequest['headers']): CommandOptions {
  return {
    metadata: {
      recordedBy: header(headers, 'x-recorded-by') ?? 'anonymous',
      correlationId: header(headers, 'x-correlation-id') ?? randomUUID(),
      causationId: null,
    },
    expectedVersion: parseIfMatch(header(headers, 'if-match')),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The stream id and the command data of a request: from the path, and for a creating command from the body's `id`. */
function idAndData(route: CommandRoute, params: Record<string, string>, body: unknown): { id: string; data: unknown } {
  for (const [name, value] of Object.entries(params)) validate(EntityId, value, 'path', [name]);
  if (!isObject(body)) return { id: params.id ?? randomUUID(), data: body };
  const { id: named, ...fields } = body;
  const extra = Object.fromEntries(Object.entries(params).filter(([name]) => name !== 'id'));
  const clash = Object.keys(extra).filter((name) => name in fields);
  if (clash.length > 0) throw new RequestValidationError('body', clash.map((field) => ({ field, rule: 'unrecognized_key', message: 'is given by the path' })));
  if (!route.creates) return { id: params.id ?? randomUUID(), data: { ...body, ...extra } };
  return { id: named === undefined ? randomUUID() : validate(EntityId, named, 'body', ['id']), data: { ...fields, ...extra } };
}

/** A command request, validated (400 naming each field), as the bus message of its route's use case. */
export function commandOf(route: CommandRoute, params: Record<string, string>, body: unknown, options: CommandOptions): ExecuteCommand<unknown> {
  const { id, data } = idAndData(route, params, body);
  return route.prepare(id, data, options);
}

/** A context's command routes, and where the resource a command names is read. */
export interface RouteTable {
  readonly tag: string;
  readonly location: (id: string) => string;
  readonly routes: readonly CommandRoute[];
}

/** The OpenAPI body of a route: the command's schema, with `id` for a creating one and without the fields the path gives. */
function bodySchema(route: CommandRoute): Record<string, unknown> {
  const schema = jsonSchemaOf(commandCatalogue[route.type].schema) as { properties?: Record<string, unknown>; required?: string[] };
  const fromPath = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]).filter((name) => name !== 'id');
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([name]) => !fromPath.includes(name)));
  const id = route.creates ? { id: { ...jsonSchemaOf(EntityId), description: 'client-chosen id; generated when absent' } } : {};
  return { ...schema, properties: { ...id, ...properties }, required: (schema.required ?? []).filter((name) => !fromPath.includes(name)) };
}

const createdSchema = {
  type: 'object',
  required: ['id', 'streamId', 'version', 'position'],
  properties: {
    id: { type: 'string' },
    streamId: { type: 'string', example: 'package-ua-il' },
    version: { type: 'integer', description: "the stream's version after the command (also the ETag)" },
    position: { type: 'integer', description: 'the global position of the last event appended: pass it as minPosition to read your write' },
  },
};

function documented(route: CommandRoute): MethodDecorator {
  const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] as string);
  return applyDecorators(
    Post(route.path),
    HttpCode(201),
    ApiOperation({ summary: route.summary, operationId: route.type }),
    ApiBody({ schema: bodySchema(route) }),
    ...params.map((name) => ApiParam({ name, schema: jsonSchemaOf(EntityId) })),
    ApiHeader({ name: 'If-Match', required: false, description: 'the stream version the client saw, e.g. "3": a conflict answers 409 instead of deciding again' }),
    ApiHeader({ name: 'X-Recorded-By', required: false, description: 'who records the fact, kept in the event metadata' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'kept in the event metadata; generated when absent' }),
    ApiCreatedResponse({ description: 'recorded: `Location` names the resource, `ETag` its new version', schema: createdSchema }),
    ProblemResponses(400, 404, 409, 422),
  );
}

/**
 * A controller for a table of command routes: each `POST` validates its body, runs its use case
 * through the command bus, and answers 201 `{ id, streamId, version, position }` with `Location`
 * (from `location(id)`) and `ETag`.
 */
export function commandController({ tag, location, routes }: RouteTable): Type<unknown> {
  @ApiTags(tag)
  @Controller()
  class CommandRoutes {
    constructor(readonly bus: CommandBus) {}
  }
  for (const route of routes) {
    const name = route.type.charAt(0).toLowerCase() + route.type.slice(1);
    async function handle(this: CommandRoutes, request: FastifyRequest, reply: FastifyReply) {
      const message = commandOf(route, (request.params ?? {}) as Record<string, string>, request.body, commandOptions(request.headers));
      const result: AppendResult = await this.bus.execute(message);
      void reply.header('location', location(message.id)).header('etag', `"${result.version}"`);
      return { id: message.id, streamId: result.streamId, version: result.version, position: result.position };
    }
    Object.defineProperty(CommandRoutes.prototype, name, { value: handle, writable: true, configurable: true });
    const descriptor = Object.getOwnPropertyDescriptor(CommandRoutes.prototype, name) as PropertyDescriptor;
    documented(route)(CommandRoutes.prototype, name, descriptor);
    Req()(CommandRoutes.prototype, name, 0);
    Res({ passthrough: true })(CommandRoutes.prototype, name, 1);
  }
  Object.defineProperty(CommandRoutes, 'name', { value: `${tag.replace(/(^|\W+)(\w)/g, (_, __, c: string) => c.toUpperCase())}Commands` });
  return CommandRoutes;
}
