import type { Queryable } from './database.port';

/**
 * A command's Idempotency-Key and what to answer a retry of it, kept in the same transaction as
 * the command's events (the IETF httpapi Idempotency-Key draft): per key holder (`principal`), the
 * key, a fingerprint of the request, and the answer (`position` is filled in by the append).
 */
export interface IdempotencyRecord {
  readonly principal: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly id: string;
  readonly streamId: string;
  readonly version: number;
  readonly location: string;
  readonly ttlSeconds: number;
}

/** The answer a command with this key was given. */
export interface RememberedAnswer {
  readonly fingerprint: string;
  readonly id: string;
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly location: string;
}

/** Another request with the same key was accepted first (a retry, or a reuse of the key): look its answer up. */
export class IdempotencyKeyTakenError extends Error {
  constructor(readonly key: string) {
    super(`the Idempotency-Key "${key}" was used by a request accepted before`);
    this.name = 'IdempotencyKeyTakenError';
  }
}

/** The remembered answers: looked up for a retry, swept when they expire. */
export class IdempotencyKeys {
  constructor(private readonly db: Queryable) {}

  async find(principal: string, key: string): Promise<RememberedAnswer | null> {
    const { rows } = await this.db.query<{ fingerprint: string; id: string; stream_id: string; version: number; position: number; location: string }>(
      'SELECT fingerprint, id, stream_id, version, position, location FROM idempotency_keys WHERE principal = $1 AND key = $2 AND expires_at > now()',
      [principal, key],
    );
    const row = rows[0];
    return row ? { fingerprint: row.fingerprint, id: row.id, streamId: row.stream_id, version: row.version, position: row.position, location: row.location } : null;
  }

  /** Removes the expired ones; answers how many. */
  async sweep(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('WITH gone AS (DELETE FROM idempotency_keys WHERE expires_at <= now() RETURNING 1) SELECT count(*)::int AS n FROM gone');
    return rows[0]?.n ?? 0;
  }
}
