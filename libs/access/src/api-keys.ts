import type { Queryable } from '@policy-ledger/event-store';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** What a key may do; each role may do what the ones before it may. */
export const ROLES = ['reader', 'reporter', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** reader: reads and event streams; reporter: also record facts; editor: also retract, withdraw, correct; admin: also keys, rebuilds, dead letters. */
export function mayActAs(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Who a request acts for: the key's name (recorded in each event it writes) and its role. */
export interface Principal {
  readonly name: string;
  readonly role: Role;
}

export interface ApiKeyView {
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** A key's name: it is recorded in every event the key writes. */
export const KEY_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

const PREFIX = 'plk_';

/** A new secret: 32 random bytes, base64url, after a prefix that says what it is. */
export function newSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64url')}`;
}

export class KeyNameTakenError extends Error {
  constructor(readonly keyName: string) {
    super(`a key named "${keyName}" exists (or existed: names of revoked keys are not reused)`);
    this.name = 'KeyNameTakenError';
  }
}

export class UnknownKeyError extends Error {
  constructor(readonly keyName: string) {
    super(`no key "${keyName}" to revoke (or it is revoked already)`);
    this.name = 'UnknownKeyError';
  }
}

interface Row {
  name: string;
  role: Role;
  created_at: Date | string;
  created_by: string | null;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const hash = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * The API keys, in the database. A secret is shown once, when the key is made; only its hash is
 * kept. Looking a key up is cached for a few seconds (revocation reaches other processes within
 * that time; in this one, at once); the last use is written at most once a minute per key.
 */
export class ApiKeys {
  private readonly cache = new Map<string, { principal: Principal | null; at: number }>();
  private readonly lastUse = new Map<string, number>();

  constructor(
    private readonly db: Queryable,
    private readonly settings: { readonly cacheMs: number; readonly cacheSize: number } = { cacheMs: 5_000, cacheSize: 10_000 },
  ) {}

  /** Makes a key; answers its secret, which is not kept. */
  async create(name: string, role: Role, createdBy: string | null, secret = newSecret()): Promise<{ name: string; role: Role; secret: string }> {
    const { rows } = await this.db.query<{ name: string }>(
      'INSERT INTO api_keys (name, role, secret_hash, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING name',
      [name, role, hash(secret), createdBy],
    );
    if (rows.length === 0) throw new KeyNameTakenError(name);
    return { name, role, secret };
  }

  async list(): Promise<ApiKeyView[]> {
    const { rows } = await this.db.query<Row>('SELECT name, role, created_at, created_by, last_used_at, revoked_at FROM api_keys ORDER BY name');
    return rows.map((row) => ({ name: row.name, role: row.role, createdAt: iso(row.created_at) as string, createdBy: row.created_by, lastUsedAt: iso(row.last_used_at), revokedAt: iso(row.revoked_at) }));
  }

  /** Revokes a key (UnknownKeyError when there is none, or it was revoked already). */
  async revoke(name: string): Promise<void> {
    const { rows } = await this.db.query<{ name: string }>('UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING name', [name]);
    for (const [secret, entry] of this.cache) if (entry.principal?.name === name) this.cache.delete(secret);
    if (rows.length === 0) throw new UnknownKeyError(name);
  }

  async any(): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM api_keys LIMIT 1');
    return rows.length > 0;
  }

  /** Who a secret belongs to, or null for an unknown or revoked key. */
  async authenticate(secret: string): Promise<Principal | null> {
    if (!secret.startsWith(PREFIX) || secret.length > 200) return null;
    const cached = this.cache.get(secret);
    if (cached && Date.now() - cached.at < this.settings.cacheMs) return cached.principal;
    const { rows } = await this.db.query<{ name: string; role: Role }>('SELECT name, role FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL', [hash(secret)]);
    const principal = rows[0] ? { name: rows[0].name, role: rows[0].role } : null;
    this.cache.delete(secret);
    this.cache.set(secret, { principal, at: Date.now() });
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= this.settings.cacheSize) break;
      this.cache.delete(oldest);
    }
    if (principal) this.touch(principal.name);
    return principal;
  }

  private touch(name: string): void {
    const now = Date.now();
    if (now - (this.lastUse.get(name) ?? 0) < 60_000) return;
    this.lastUse.set(name, now);
    void this.db.query('UPDATE api_keys SET last_used_at = now() WHERE name = $1', [name]).catch(() => this.lastUse.delete(name));
  }
}

/**
 * On a first start (no key at all), makes an admin key named "admin" and writes its secret to
 * `file` (mode 0600, the folder made if need be) before the key exists, so it is never lost.
 * Answers whether it made one. Another process doing the same at once makes no second key.
 */
export async function ensureAdminKey(keys: ApiKeys, file: string): Promise<boolean> {
  if (await keys.any()) return false;
  const secret = newSecret();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  try {
    await keys.create('admin', 'admin', null, secret);
    return true;
  } catch (error) {
    await rm(file, { force: true });
    if (error instanceof KeyNameTakenError) return false;
    throw error;
  }
}
