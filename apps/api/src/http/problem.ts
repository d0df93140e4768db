import type { FastifyReply } from 'fastify';

/** An RFC 9457 problem: `type` and `code` are stable, `detail` is for people. */
export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly [extension: string]: unknown;
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): void {
  const { status, code, title, detail, ...extensions } = problem;
  void reply
    .status(status)
    .headers(headers)
    .type('application/problem+json')
    .send({ type: `/problems/${code}`, title, status, detail, code, ...extensions });
}

/** Thrown for a request that does not match its schema; answered 400 with every bad field. */
export class RequestValidationError extends Error {
  constructor(
    readonly where: 'body' | 'query' | 'path' | 'header',
    readonly errors: readonly { field: string; rule: string; message: string }[],
  ) {
    super(`invalid request ${where}: ${errors.map((error) => `${error.field} ${error.message}`).join('; ')}`);
  }
}

export class ResourceNotFoundError extends Error {
  constructor(
    readonly resource: string,
    readonly id: string,
    readonly position: number,
  ) {
    super(`no ${resource} "${id}" in the read model (it has applied events up to position ${position})`);
  }
}

export class ProjectionLaggingError extends Error {
  constructor(
    readonly projection: string,
    readonly minPosition: number,
    readonly position: number,
  ) {
    super(`projection ${projection} has reached position ${position}, not yet ${minPosition}; retry shortly`);
  }
}
