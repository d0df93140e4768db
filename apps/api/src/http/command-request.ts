import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { EventMetadata } from '@policy-ledger/event-store';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { RequestValidationError } from './problem';

/** What a command request carries besides its body: who, which request, which version it saw. */
export interface CommandRequest {
  readonly metadata: EventMetadata;
  readonly expectedVersion?: number;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(value);
  if (!match) {
    throw new RequestValidationError('header', [
      { field: 'If-Match', rule: 'format', message: 'must be the stream version the client saw, e.g. "3"' },
    ]);
  }
  return Number(match[1]);
}

export const Command = createParamDecorator((_: unknown, context: ExecutionContext): CommandRequest => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return {
    metadata: {
      recordedBy: header(request, 'x-recorded-by') ?? 'anonymous',
      correlationId: header(request, 'x-correlation-id') ?? randomUUID(),
      causationId: null,
    },
    expectedVersion: parseIfMatch(header(request, 'if-match')),
  };
});
