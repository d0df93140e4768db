import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Principal } from '@policy-ledger/access';
import { type AppendResult, IdempotencyKeys, IdempotencyKeyTakenError, type RememberedAnswer } from '@policy-ledger/event-store';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { header } from './header';
import { RequestValidationError } from './problem';

/** How long an Idempotency-Key is remembered, and how often the expired ones are swept. */
export class IdempotencySettings {
  constructor(
    readonly ttlSeconds: number,
    readonly sweepEveryMs = 10 * 60_000,
  ) {}
}

/** The same key came with another request: 422. */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly key: string) {
    super(`the Idempotency-Key "${key}" was used for another request (another method, path or body); use a new key for a new request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The first request with this key is still being answered: 409, try again shortly. */
export class IdempotencyKeyInFlightError extends Error {
  constructor(readonly key: string) {
    super(`a request with the Idempotency-Key "${key}" is still being answered; retry shortly for its answer`);
    this.name = 'IdempotencyKeyInFlightError';
  }
}

/** What a command answers: where its stream stands, and whether this is a remembered answer. */
export interface CommandAnswer {
  readonly result: AppendResult;
  readonly id: string;
  readonly location: string;
  readonly replayed: boolean;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Idempotency-Key on every command (the IETF httpapi draft): the first request with a key is
 * decided and its answer stored with its events, in the same transaction; a retry with the same
 * key and request gets that answer again and stores nothing; the key with another request answers
 * 422; a retry while the first is in flight, 409. Keys are remembered `ttlSeconds`, then swept.
 */
@Injectable()
export class Idempotency implements OnModuleInit, OnModuleDestroy {
  private readonly inFlight = new Set<string>();
  private sweeper: NodeJS.Timeout | undefined;
  private readonly logger = new Logger('idempotency');

  constructor(
    private readonly keys: IdempotencyKeys,
    readonly settings: IdempotencySettings,
  ) {}

  /** The request's Idempotency-Key and the fingerprint of the request, or undefined without one. */
  keyOf(request: FastifyRequest): { key: string; fingerprint: string } | undefined {
    const value = header(request.headers, 'idempotency-key');
    if (value === undefined) return undefined;
    const key = value.trim().replace(/^"(.*)"$/, '$1');
    if (!KEY.test(key)) throw new RequestValidationError('header', [{ field: 'Idempotency-Key', rule: 'format', message: 'must be 1-255 visible ASCII characters' }]);
    const fingerprint = createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('base64url');
    return { key, fingerprint };
  }

  /**
   * Answers a command that came with a key: the remembered answer for a retry, or runs it once
   * (`run` gets the record to store with its events).
   */
  async answer(principal: Principal, { key, fingerprint }: { key: string; fingerprint: string }, run: () => Promise<CommandAnswer>): Promise<CommandAnswer> {
    const remembered = await this.keys.find(principal.name, key);
    if (remembered) return this.replay(remembered, key, fingerprint);
    const slot = `${principal.name}\n${key}`;
    if (this.inFlight.has(slot)) throw new IdempotencyKeyInFlightError(key);
    this.inFlight.add(slot);
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof IdempotencyKeyTakenError)) throw error;
      // Another process (or an earlier try) was accepted with this key meanwhile: its answer.
      const first = await this.keys.find(principal.name, key);
      if (!first) throw new IdempotencyKeyInFlightError(key);
      return this.replay(first, key, fingerprint);
    } finally {
      this.inFlight.delete(slot);
    }
  }

  private replay(remembered: RememberedAnswer, key: string, fingerprint: string): CommandAnswer {
    if (remembered.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(key);
    const { streamId, version, position, id, location } = remembered;
    return { result: { streamId, version, position }, id, location, replayed: true };
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => {
      void this.keys.sweep().then(
        (swept) => swept > 0 && this.logger.debug(`swept ${swept} expired idempotency keys`),
        (error: unknown) => this.logger.warn(`sweeping idempotency keys failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, this.settings.sweepEveryMs);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}
