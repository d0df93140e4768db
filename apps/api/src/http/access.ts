import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type ApiKeys, mayActAs, type Principal, type Role } from '@policy-ledger/access';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key the request came with, once `identify` has checked it. */
    principal?: Principal;
    /** The request came with an Authorization header that names no valid key. */
    keyRejected?: boolean;
  }
}

/** Who may read: anyone (public), or any key (key). */
export class AccessSettings {
  constructor(readonly readAccess: 'public' | 'key') {}
}

const NEEDS = Symbol('needs');

/** What an endpoint needs: a role (or a higher one), `read` (as READ_ACCESS says), or nothing (`public`). */
export type Need = Role | 'read' | 'public';

/** The least an endpoint (or every endpoint of a controller) needs; without it, `read`. */
export const Needs = (need: Need) => SetMetadata(NEEDS, need);

/** No key, or one the ledger does not know (or has revoked): 401. */
export class UnauthorizedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** A key whose role may not do this: 403. */
export class ForbiddenError extends Error {
  constructor(
    readonly needed: Role,
    readonly principal: Principal,
    what: string,
  ) {
    super(`the key "${principal.name}" is a ${principal.role}; ${what} needs ${needed} or above`);
    this.name = 'ForbiddenError';
  }
}

/** Throws unless the request's key may act as `needed`. */
export function requireRole(request: FastifyRequest, needed: Role, what: string): Principal {
  const { principal } = request;
  if (!principal) throw new UnauthorizedError(`${what} needs an API key (Authorization: Bearer <key>)`);
  if (!mayActAs(principal.role, needed)) throw new ForbiddenError(needed, principal, what);
  return principal;
}

/** The key of a request to an endpoint that `Needs` a role: the guard checked it already. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError('this endpoint needs an API key (Authorization: Bearer <key>)');
  return request.principal;
}

/**
 * Who a request comes from, checked as it arrives (a Fastify onRequest hook, before rate limits,
 * which count per key): `Authorization: Bearer <key>` sets `principal`, or `keyRejected` when the
 * header names no valid key.
 */
export async function identify(request: FastifyRequest, keys: ApiKeys): Promise<void> {
  const header = request.headers.authorization;
  if (header === undefined) return;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const principal = match?.[1] ? await keys.authenticate(match[1]) : null;
  if (principal) request.principal = principal;
  else request.keyRejected = true;
}

/**
 * Every request's rights, checked before its handler. A key that is given must be valid, even
 * where none is needed; writes always need one, reads only when READ_ACCESS is `key`.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly settings: AccessSettings,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const need = this.reflector.getAllAndOverride<Need | undefined>(NEEDS, [context.getHandler(), context.getClass()]) ?? 'read';
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.keyRejected) throw new UnauthorizedError('the API key is not valid (unknown, revoked, or not "Authorization: Bearer <key>")');
    if (need === 'public' || (need === 'read' && this.settings.readAccess === 'public')) return true;
    requireRole(request, need === 'read' ? 'reader' : need, `${request.method} ${request.routeOptions.url ?? request.url}`);
    return true;
  }
}
