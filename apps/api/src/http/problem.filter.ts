import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@policy-ledger/domain';
import { isTransientError, VersionConflictError } from '@policy-ledger/event-store';
import { KeyNameTakenError, UnknownKeyError } from '@policy-ledger/access';
import { AsOfBusyError, PositionNotWrittenError, ProjectionLaggingError, ReadModelNotFoundError, RebuildRunningError, UnknownProjectionError } from '@policy-ledger/projections';
import type { FastifyReply } from 'fastify';
import { TooManyStreamsError } from '../events/event-feed';
import { ForbiddenError, UnauthorizedError } from './access';
import { RateLimitedError } from './limits';
import { IdempotencyKeyInFlightError, IdempotencyKeyReusedError } from './idempotency';
import { type Problem, RequestValidationError, sendProblem } from './problem';

const answerOfKind = {
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflicts with what the ledger holds' },
  'rule-violated': { status: 422, title: 'Rule violated' },
} as const;

/**
 * Fastify's own 400s, raised before a handler runs (a body that is not JSON, a path that does not
 * decode), as the validation error they are: the 400 then names the field and the rule like any other.
 */
const fastifyRefusals: Readonly<Record<string, { where: RequestValidationError['where']; field: string; rule: string; message: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { where: 'body', field: '(root)', rule: 'invalid_json', message: 'must be JSON, without a "__proto__" or "constructor.prototype" key' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { where: 'body', field: '(root)', rule: 'required', message: 'must not be empty when the content type is application/json' },
  FST_ERR_BAD_URL: { where: 'path', field: '(path)', rule: 'invalid_url', message: 'must percent-encode UTF-8 text (e.g. %C3%A9, not %FF or an encoded surrogate)' },
};

/** A Fastify refusal (see `fastifyRefusals`) as the validation error it is; undefined for any other error. */
export function refusalOf(error: unknown): RequestValidationError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const refusal = typeof code === 'string' && Object.hasOwn(fastifyRefusals, code) ? fastifyRefusals[code] : undefined;
  if (!refusal) return undefined;
  const { where, ...field } = refusal;
  return new RequestValidationError(where, [field]);
}

/**
 * The problem (RFC 9457) an error answers, with the headers that go with it; undefined for an
 * error that is the server's own fault (a 500).
 */
export function problemOf(error: unknown): { problem: Problem; headers?: Record<string, string> } | undefined {
  if (error instanceof RequestValidationError) {
    return { problem: { status: 400, code: 'invalid-request', title: `The request ${error.where} is invalid`, detail: error.message, errors: error.errors } };
  }
  if (error instanceof UnauthorizedError) {
    return { problem: { status: 401, code: 'unauthorized', title: 'An API key is needed', detail: error.message }, headers: { 'www-authenticate': 'Bearer realm="policy-ledger"' } };
  }
  if (error instanceof ForbiddenError) {
    return { problem: { status: 403, code: 'forbidden', title: 'This key may not do that', detail: error.message, role: error.principal.role, needed: error.needed } };
  }
  if (error instanceof KeyNameTakenError) {
    return { problem: { status: 409, code: 'key.name-taken', title: 'Conflicts with what the ledger holds', detail: error.message, name: error.keyName } };
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return { problem: { status: 422, code: 'idempotency-key-reused', title: 'Rule violated', detail: error.message, rule: 'idempotency-key-reused', key: error.key } };
  }
  if (error instanceof IdempotencyKeyInFlightError) {
    return { problem: { status: 409, code: 'idempotency-key-in-flight', title: 'The first request with this key is still being answered', detail: error.message, key: error.key }, headers: { 'retry-after': '1' } };
  }
  if (error instanceof RateLimitedError) {
    const { limit, windowSeconds, client } = error;
    return { problem: { status: 429, code: 'rate-limited', title: 'Too many requests', detail: error.message, client, limit, windowSeconds }, headers: { 'retry-after': String(error.retryAfterSeconds) } };
  }
  if (error instanceof AsOfBusyError) {
    return { problem: { status: 503, code: 'as-of-busy', title: 'Too many as-of reads at once', detail: error.message }, headers: { 'retry-after': '2' } };
  }
  if (error instanceof TooManyStreamsError) {
    const status = error.scope === 'client' ? 429 : 503;
    return { problem: { status, code: 'too-many-streams', title: 'Too many event streams', detail: error.message, limit: error.limit }, headers: { 'retry-after': '5' } };
  }
  if (error instanceof UnknownKeyError) {
    return { problem: { status: 404, code: 'key.not-found', title: 'Unknown key', detail: error.message, name: error.keyName } };
  }
  if (error instanceof UnknownProjectionError) {
    return { problem: { status: 404, code: 'projection.not-found', title: 'Unknown projection', detail: error.message, projections: error.known } };
  }
  if (error instanceof RebuildRunningError) {
    return { problem: { status: 409, code: 'projection.rebuilding', title: 'A rebuild is running', detail: error.message } };
  }
  if (error instanceof DomainError) {
    // The details come first: the problem's own members always win over a detail of that name.
    const { status, title } = answerOfKind[error.kind];
    return { problem: { ...error.details, status, code: error.code, title, detail: error.message, ...(error.kind === 'rule-violated' ? { rule: error.code } : {}) } };
  }
  if (error instanceof VersionConflictError) {
    const { streamId, expectedVersion, currentVersion } = error;
    return { problem: { status: 409, code: error.code, title: 'Version conflict', detail: error.message, streamId, expectedVersion, currentVersion } };
  }
  if (error instanceof ReadModelNotFoundError) {
    return { problem: { status: 404, code: 'not-found', title: `Unknown ${error.resource}`, detail: error.message, position: error.position } };
  }
  if (error instanceof PositionNotWrittenError) {
    return problemOf(new RequestValidationError('query', [{ field: 'minPosition', rule: 'too_big', message: `must be a position the ledger has written: at most ${error.head}` }]));
  }
  if (error instanceof ProjectionLaggingError) {
    const { projection, position, minPosition } = error;
    return {
      problem: { status: 503, code: 'projection-lagging', title: 'The projection has not caught up yet', detail: error.message, projection, position, minPosition },
      headers: { 'retry-after': '1' },
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest's wrapping of Fastify's other 400s (a body that does not match its Content-Length): still a 400 naming what.
    if (status === 400) return problemOf(new RequestValidationError('body', [{ field: '(root)', rule: 'unreadable', message: error.message }]));
    return { problem: { status, code: `http-${status}`, title: error.message, detail: error.message } };
  }
  if (isTransientError(error)) {
    // The database is away (restarting, out of connections): nothing was stored; try again.
    return { problem: { status: 503, code: 'database-unavailable', title: 'The database is not answering', detail: 'a command may not have been stored; retry with the same Idempotency-Key to have it stored once' }, headers: { 'retry-after': '2' } };
  }
  const refused = refusalOf(error);
  if (refused) return problemOf(refused);
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Errors raised by Fastify itself before a handler runs, e.g. a path parameter past its length (414).
    return { problem: { status, code: `http-${status}`, title: 'Bad request', detail: (error as Error).message } };
  }
  return undefined;
}

/**
 * Answers an error as application/problem+json (RFC 9457): its problem, or a 500 whose cause goes
 * to the log. The one place errors become HTTP answers, for Nest's handlers (ProblemFilter) and
 * for Fastify's hooks before them (rate limits, body parsing).
 */
export function answerError(reply: FastifyReply, error: unknown, logger: Pick<Logger, 'error'>): void {
  const answer = problemOf(error);
  if (answer) return sendProblem(reply, answer.problem, answer.headers);
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return sendProblem(reply, { status: 500, code: 'internal', title: 'Internal error', detail: 'the server failed; see its log' });
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    answerError(host.switchToHttp().getResponse<FastifyReply>(), error, this.logger);
  }
}
