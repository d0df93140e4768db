import type { FastifyReply } from 'fastify';

/** An RFC 9457 problem: `type` and `code` are stable, `detail` is for people. */
export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly [extension: string]: unknown;
}

/** The problem as its JSON document: `type` from its code, then its own members and extensions. */
export function problemDocument(problem: Problem): Record<string, unknown> {
  const { status, code, title, detail, ...extensions } = problem;
  return { type: `/problems/${code}`, title, status, detail, code, ...extensions };
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): void {
  void reply.status(problem.status).headers(headers).type('application/problem+json').send(problemDocument(problem));
}

export interface FieldError {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** Thrown for a request that does not match its schema; answered 400 with every bad field. */
export class RequestValidationError extends Error {
  constructor(
    readonly where: 'body' | 'query' | 'path' | 'header',
    readonly errors: readonly FieldError[],
  ) {
    super(`invalid request ${where}: ${errors.map((error) => `${error.field} ${error.message}`).join('; ')}`);
  }
}
