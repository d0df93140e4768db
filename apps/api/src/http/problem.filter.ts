import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@policy-ledger/domain';
import { VersionConflictError } from '@policy-ledger/event-store';
import type { FastifyReply } from 'fastify';
import { ProjectionLaggingError, ReadModelNotFoundError } from '@policy-ledger/projections';
import { RequestValidationError, sendProblem } from './problem';

const answerOfKind = {
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflicts with what the ledger holds' },
  'rule-violated': { status: 422, title: 'Rule violated' },
} as const;

/** The one place errors become HTTP answers: application/problem+json (RFC 9457). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof RequestValidationError) {
      return sendProblem(reply, {
        status: 400,
        code: 'invalid-request',
        title: `The request ${error.where} is invalid`,
        detail: error.message,
        errors: error.errors,
      });
    }
    if (error instanceof DomainError) {
      // The details come first: the problem's own members always win over a detail of that name.
      return sendProblem(reply, {
        ...error.details,
        status: answerOfKind[error.kind].status,
        code: error.code,
        title: answerOfKind[error.kind].title,
        detail: error.message,
        ...(error.kind === 'rule-violated' ? { rule: error.code } : {}),
      });
    }
    if (error instanceof VersionConflictError) {
      return sendProblem(reply, {
        status: 409,
        code: error.code,
        title: 'Version conflict',
        detail: error.message,
        streamId: error.streamId,
        expectedVersion: error.expectedVersion,
        currentVersion: error.currentVersion,
      });
    }
    if (error instanceof ReadModelNotFoundError) {
      return sendProblem(reply, {
        status: 404,
        code: 'not-found',
        title: `Unknown ${error.resource}`,
        detail: error.message,
        position: error.position,
      });
    }
    if (error instanceof ProjectionLaggingError) {
      return sendProblem(
        reply,
        {
          status: 503,
          code: 'projection-lagging',
          title: 'The projection has not caught up yet',
          detail: error.message,
          projection: error.projection,
          position: error.position,
          minPosition: error.minPosition,
        },
        { 'retry-after': '1' },
      );
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return sendProblem(reply, { status, code: `http-${status}`, title: error.message, detail: error.message });
    }
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Errors raised by Fastify itself before a handler runs, e.g. a body that is not JSON.
      return sendProblem(reply, { status, code: `http-${status}`, title: 'Bad request', detail: (error as Error).message });
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return sendProblem(reply, { status: 500, code: 'internal', title: 'Internal error', detail: 'the server failed; see its log' });
  }
}
