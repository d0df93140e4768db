import rateLimit from '@fastify/rate-limit';
import type { ApiKeys } from '@policy-ledger/access';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { identify } from './access';
import { problemDocument } from './problem';

/** How much one client may ask of the API. */
export interface LimitSettings {
  /** Requests per window for one API key, and for one address without a key; 0 for no limit. */
  readonly perKey: number;
  readonly perAddress: number;
  readonly windowMs: number;
  /** The most keys and addresses counted at once (the least recently seen are forgotten). */
  readonly clientsTracked: number;
  /** The largest JSON answer; a larger one is refused (lists are paged well below it). */
  readonly responseMaxBytes: number;
}

/** A client sent more requests in the window than it may: 429, with when to try again. */
export class RateLimitedError extends Error {
  readonly statusCode = 429;

  constructor(
    readonly client: 'key' | 'address',
    readonly limit: number,
    readonly windowSeconds: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`this ${client === 'key' ? 'API key' : 'address'} may send ${limit} requests per ${windowSeconds} s; try again in ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

/** Probes and scrapes are never limited: an orchestrator must not restart a service because its address is busy. */
const UNLIMITED_ROUTES = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/** Whom a request counts against (rate limits, SSE caps): its key when it has a valid one, else its address (a bad key counts as none). */
export function clientOf(request: FastifyRequest): string {
  return request.principal ? `key:${request.principal.name}` : `ip:${request.ip}`;
}

/**
 * Identifies every request as it arrives (see `identify`), then counts it against its key or its
 * address with @fastify/rate-limit: past the limit, a 429 problem with Retry-After. Must be
 * installed before the routes are (that is, before the Nest app is initialised).
 */
export async function installLimits(fastify: FastifyInstance, keys: ApiKeys, settings: LimitSettings): Promise<void> {
  fastify.addHook('onRequest', (request) => identify(request, keys));
  // The last guard on size: a JSON answer past the bound becomes a problem that says to ask for less.
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload !== 'string' || payload.length <= settings.responseMaxBytes) return payload;
    const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
    const detail = `the answer would be ${mib(payload.length)}, more than the ${mib(settings.responseMaxBytes)} the API sends; ask for less (a smaller limit, or a filter)`;
    void reply.code(400).type('application/problem+json');
    return JSON.stringify(problemDocument({ status: 400, code: 'response-too-large', title: 'The answer would be too large', detail, errors: [{ field: 'limit', rule: 'response-too-large', message: detail }] }));
  });
  const maxOf = (client: string) => (client.startsWith('key:') ? settings.perKey : settings.perAddress);
  await fastify.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    timeWindow: settings.windowMs,
    cache: settings.clientsTracked,
    keyGenerator: clientOf,
    // A limit of 0 (none) is let through by allowList before max is asked.
    max: (_request, client) => maxOf(client),
    allowList: (request, client) => maxOf(client) === 0 || UNLIMITED_ROUTES.has(request.routeOptions.url ?? ''),
    errorResponseBuilder: (request, context) =>
      new RateLimitedError(request.principal ? 'key' : 'address', context.max, Math.round(settings.windowMs / 1000), Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}
