import type { FastifyRequest } from 'fastify';

/** A request header's (first) value. */
export function header(headers: FastifyRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
