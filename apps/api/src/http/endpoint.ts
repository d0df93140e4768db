import { applyDecorators, createParamDecorator, type ExecutionContext, Get, Param, SetMetadata } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { EntityId, IsoDateTime, jsonSchemaOf, StreamId } from '@policy-ledger/contracts';
import type { FastifyRequest } from 'fastify';
import { type z, z as zod } from 'zod';
import { validate, ZodPipe } from './zod.pipe';

/** The problem+json answers an operation may give, as OpenAPI documents them. */
const problemDescriptions: Record<number, string> = {
  400: 'the body, a query parameter, a path parameter or a header does not match its schema; `errors[]` names each field and rule',
  401: 'no API key, or one the ledger does not know (Authorization: Bearer <key>)',
  403: "the key's role may not do this (`needed` says which may)",
  404: 'no such aggregate (or stream)',
  429: 'too many requests from this key or address (`Retry-After`)',
  409: 'a version conflict (`If-Match` names an old version), or the id exists already',
  422: 'a rule of the domain is violated; `rule` names it',
  503: 'the projection has not reached `minPosition` in time (`Retry-After`)',
};

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', example: '/problems/invalid-request' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'stable: clients may branch on it' },
    rule: { type: 'string', description: '422: the rule violated' },
    errors: {
      type: 'array',
      description: '400: each bad field',
      items: { type: 'object', properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

/** OpenAPI responses for the problems an operation may answer (RFC 9457 problem+json). */
export function ProblemResponses(...statuses: number[]): MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: problemDescriptions[status] ?? 'a problem', content: { 'application/problem+json': { schema: problemSchema } } })),
  );
}

/** OpenAPI query parameters from the same zod object schema that validates the query. */
export function ApiQueryOf(schema: z.ZodObject): MethodDecorator {
  const json = jsonSchemaOf(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: json.required?.includes(name) ?? false, description: typeof property.description === 'string' ? property.description : undefined, schema: property }),
    ),
  );
}

const QUERY_SCHEMA = Symbol('query schema');

/**
 * A GET operation: its route, summary, query schema (which validates `@ValidQuery()` and documents
 * every query parameter), path parameters and the problems it may answer.
 */
export function ReadEndpoint(path: string, options: { summary: string; query?: z.ZodObject; problems?: number[]; ok?: string }): MethodDecorator {
  const params = [...path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] as string);
  return applyDecorators(
    Get(path),
    ApiOperation({ summary: options.summary }),
    ApiOkResponse({ description: options.ok ?? 'the read model, with the `position` its projection has reached (or `asOf` and its position)' }),
    ...params.map((name) => ApiParam({ name, schema: jsonSchemaOf(name === 'streamId' ? StreamId : EntityId) })),
    ...(options.query ? [ApiQueryOf(options.query), SetMetadata(QUERY_SCHEMA, options.query)] : []),
    ProblemResponses(...(options.problems ?? [400])),
  );
}

/** The query, validated by the schema its ReadEndpoint names: 400 naming each bad parameter. */
export const ValidQuery = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const schema = Reflect.getMetadata(QUERY_SCHEMA, context.getHandler()) as z.ZodObject | undefined;
  if (!schema) throw new Error(`${context.getHandler().name} has no query schema: declare it in its @ReadEndpoint`);
  return validate(schema, context.switchToHttp().getRequest<FastifyRequest>().query ?? {}, 'query');
});

/** An entity id from the path (`a-z0-9._-`), 400 otherwise. */
export const ValidId = (name = 'id') => Param(name, new ZodPipe(EntityId, 'path', name));

/** "As the ledger knew it then": a recorded time, ISO 8601 with its offset, in the years the ledger holds. */
export const AsOf = IsoDateTime;

/**
 * What a paged list takes: `limit` (a default, and a maximum) and `cursor`, the `next` of the
 * previous page, whose form each list gives.
 */
export function pageQuery<Cursor extends z.ZodType>(cursor: Cursor, limits: { byDefault: number; max: number }) {
  return {
    limit: zod.coerce.number().int().min(1).max(limits.max).default(limits.byDefault).describe(`at most this many (default ${limits.byDefault}, at most ${limits.max})`),
    cursor: cursor.optional().describe('the `next` of the previous page: the page after it'),
  };
}

/** A read that takes no query parameter: any is refused (400), like an unknown one elsewhere. */
export const NoQuery = zod.object({}).strict();

/** What every read of a read model takes: wait for a position (read-your-writes). */
export const ReadQuery = zod
  .object({
    minPosition: zod.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('wait until the projection has applied this global position'),
  })
  .strict();
