import { applyDecorators, Controller, HttpCode, Post, Req, Res, type Type } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Principal, Role } from '@policy-ledger/access';
import { commandCatalogue, type CommandOf, type CommandType, decodeCommand, EntityId, jsonSchemaOf } from '@policy-ledger/contracts';
import type { UseCase } from '@policy-ledger/domain';
import { type AppendResult, CommandExecutor, type CommandOptions } from '@policy-ledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Needs, principalOf, requireRole } from './access';
import { header } from './header';
import { type CommandAnswer, Idempotency } from './idempotency';
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
  /** The least role whose key may send it (`reporter`, or `editor` for retracting, withdrawing, correcting). */
  readonly role: (command: unknown) => Role;
  /** Validates a request (400 naming each field) into the bus message of this route's use case. */
  prepare(id: string, data: unknown, options: CommandOptions): ExecuteCommand<unknown>;
}

/**
 * A route of the table: `POST <path>` takes the body of `type` (its schema in the contracts
 * catalogue) and runs `useCase` on the stream the path's `:id` names. Other path parameters are
 * fields of the command (e.g. `:componentId`).
 */
export function command<K extends CommandType>(
  path: string,
  type: K,
  useCase: UseCase<CommandOf<NoInfer<K>>>,
  summary: string,
  options: { creates?: boolean; role?: Role | ((command: CommandOf<NoInfer<K>>) => Role) } = {},
): CommandRoute {
  const role = options.role ?? 'reporter';
  return {
    path,
    type,
    summary,
    creates: options.creates ?? false,
    // Called with the command this route's own `prepare` made.
    role: (made) => (typeof role === 'function' ? role(made as CommandOf<K>) : role),
    prepare(id, data, commandOptions) {
      const decoded = decodeCommand(type, data);
      if (!decoded.success) throw new RequestValidationError('body', issuesOf(decoded.error));
      return new ExecuteCommand(useCase, id, decoded.command, commandOptions);
    },
  };
}

export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(value);
  if (!match) throw new RequestValidationError('header', [{ field: 'If-Match', rule: 'format', message: 'must be the stream version the client saw, e.g. "3"' }]);
  return Number(match[1]);
}

/** A header that goes into the event metadata: printable, bounded. */
function noteHeader(headers: FastifyRequest['headers'], name: string, field: string): string | undefined {
  const value = header(headers, name);
  if (value !== undefined && !/^[\x20-\x7e\u00a0-\uffff]{1,200}$/.test(value)) {
    throw new RequestValidationError('header', [{ field, rule: 'format', message: 'must be 1-200 printable characters' }]);
  }
  return value;
}

/**
 * What a command request carries besides its body: who records it (the key's name; an
 * `X-Recorded-By` header only adds on whose behalf), which request, which version it saw.
 */
export function commandOptions(headers: FastifyRequest['headers'], principal: Principal): CommandOptions {
  const onBehalfOf = noteHeader(headers, 'x-recorded-by', 'X-Recorded-By');
  return {
    metadata: {
      recordedBy: principal.name,
      correlationId: noteHeader(headers, 'x-correlation-id', 'X-Correlation-Id') ?? randomUUID(),
      causationId: null,
      ...(onBehalfOf === undefined ? {} : { onBehalfOf }),
    },
    expectedVersion: parseIfMatch(header(headers, 'if-match')),
  };
}

/** The request's key may send this command of the route: 401/403 otherwise. */
export function authorize(route: CommandRoute, message: ExecuteCommand<unknown>, request: FastifyRequest): void {
  requireRole(request, route.role(message.command), route.type);
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
    ApiHeader({ name: 'X-Recorded-By', required: false, description: 'on whose behalf the key records the fact (kept as onBehalfOf in the event metadata; the key\'s name is recordedBy)' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'kept in the event metadata; generated when absent' }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'a key of the client\'s making (1-255 visible ASCII): a retry with the same key and request gets the first answer again (Idempotent-Replayed: true) and stores nothing; the key with another request answers 422',
    }),
    ApiCreatedResponse({ description: 'recorded: `Location` names the resource, `ETag` its new version', schema: createdSchema }),
    ApiBearerAuth(),
    ProblemResponses(400, 401, 403, 404, 409, 422),
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
    constructor(
      readonly bus: CommandBus,
      readonly idempotency: Idempotency,
    ) {}
  }
  for (const route of routes) {
    const name = route.type.charAt(0).toLowerCase() + route.type.slice(1);
    async function handle(this: CommandRoutes, request: FastifyRequest, reply: FastifyReply) {
      const principal = principalOf(request);
      const options = commandOptions(request.headers, principal);
      const keyed = this.idempotency.keyOf(request);
      const message = commandOf(route, (request.params ?? {}) as Record<string, string>, request.body, options);
      authorize(route, message, request);
      const run = async (): Promise<CommandAnswer> => {
        const where = location(message.id);
        const idempotency = keyed && { principal: principal.name, ...keyed, id: message.id, location: where, ttlSeconds: this.idempotency.settings.ttlSeconds };
        const executed = idempotency ? new ExecuteCommand(message.useCase, message.id, message.command, { ...message.options, idempotency }) : message;
        const result: AppendResult = await this.bus.execute(executed);
        return { result, id: message.id, location: where, replayed: false };
      };
      const { result, id, location: where, replayed } = keyed ? await this.idempotency.answer(principal, keyed, run) : await run();
      void reply.header('location', where).header('etag', `"${result.version}"`);
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return { id, streamId: result.streamId, version: result.version, position: result.position };
    }
    Object.defineProperty(CommandRoutes.prototype, name, { value: handle, writable: true, configurable: true });
    const descriptor = Object.getOwnPropertyDescriptor(CommandRoutes.prototype, name) as PropertyDescriptor;
    documented(route)(CommandRoutes.prototype, name, descriptor);
    Needs('reporter')(CommandRoutes.prototype, name, descriptor);
    Req()(CommandRoutes.prototype, name, 0);
    Res({ passthrough: true })(CommandRoutes.prototype, name, 1);
  }
  Object.defineProperty(CommandRoutes, 'name', { value: `${tag.replace(/(^|\W+)(\w)/g, (_, __, c: string) => c.toUpperCase())}Commands` });
  return CommandRoutes;
}
