import type { Queryable } from '@policy-ledger/event-store';
import type { PageRequest } from '../paging';
import { loadDocuments } from '../projection';
import { type AidRequestRow, aidRequestDocuments, packageDocuments, type PackageRow } from './negotiations-board.projection';
import {
  aidRequestView,
  assembleBoard,
  type AidRequestView,
  type BoardPage,
  type NegotiationsBoard,
  nextKey,
  type NegotiationsFilter,
  type PackageView,
  parseBoardKey,
} from './negotiations-board.view';

/** Rows read per query while a page fills (a filter may pass over many). */
const SCAN_CHUNK = 200;
/** The longest chain of superseded requests followed for carried positions. */
const MAX_CHAIN = 50;

/** Adds the requests that `rows` supersede, and those they supersede, for the positions carried over. */
async function withChains(db: Queryable, rows: readonly AidRequestRow[]): Promise<AidRequestRow[]> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  let wanted = rows.map((row) => row.supersedes).filter((id): id is string => !!id && !byId.has(id));
  for (let depth = 0; wanted.length > 0 && depth < MAX_CHAIN; depth++) {
    const found = await loadDocuments(db, aidRequestDocuments, [...new Set(wanted)]);
    for (const [id, row] of found) byId.set(id, row);
    wanted = [...found.values()].map((row) => row.supersedes).filter((id): id is string => !!id && !byId.has(id));
  }
  return [...byId.values()];
}

/** The views of some packages: with their requests, the chains those carry, and every package that holds them. */
async function packageViews(db: Queryable, packages: readonly PackageRow[], filter: NegotiationsFilter): Promise<PackageView[]> {
  const requestIds = [...new Set(packages.flatMap((pkg) => pkg.aidRequestIds))];
  const [requests, holders] = await Promise.all([
    loadDocuments(db, aidRequestDocuments, requestIds).then((found) => withChains(db, [...found.values()])),
    db.query<{ doc: PackageRow }>(`SELECT doc FROM rm_packages WHERE aid_request_ids && $1::text[]`, [requestIds]).then((result) => result.rows.map((row) => row.doc)),
  ]);
  const mine = new Set(packages.map((pkg) => pkg.id));
  const all = new Map([...holders, ...packages].map((pkg) => [pkg.id, pkg]));
  return assembleBoard(requests, [...all.values()], filter).packages.filter((view) => mine.has(view.id));
}

/** The views of some requests that no package names. */
async function unbundledViews(db: Queryable, rows: readonly AidRequestRow[], filter: NegotiationsFilter): Promise<AidRequestView[]> {
  const mine = new Set(rows.map((row) => row.id));
  return assembleBoard(await withChains(db, rows), [], filter).unbundledAidRequests.filter((view) => mine.has(view.id));
}

/**
 * A page of the negotiations board: packages in id order, then the requests no package names, at
 * most `limit` in all after the cursor, read a chunk at a time (never the whole board).
 */
export async function readNegotiationsPage(db: Queryable, filter: NegotiationsFilter, page: PageRequest): Promise<BoardPage> {
  const board: { packages: PackageView[]; unbundledAidRequests: AidRequestView[] } = { packages: [], unbundledAidRequests: [] };
  const count = () => board.packages.length + board.unbundledAidRequests.length;
  const chunk = Math.min(SCAN_CHUNK, page.limit + 1);
  let cursor = page.after === undefined ? { kind: 'package' as const, id: '' } : parseBoardKey(page.after);
  while (cursor.kind === 'package' && count() <= page.limit) {
    const { rows } = await db.query<{ id: string; doc: PackageRow }>(`SELECT id, doc FROM rm_packages WHERE id > $1 COLLATE "C" ORDER BY id COLLATE "C" LIMIT $2`, [cursor.id, chunk]);
    board.packages.push(...(await packageViews(db, rows.map((row) => row.doc), filter)));
    cursor = rows.length < chunk ? { kind: 'request', id: '' } : { kind: 'package', id: (rows.at(-1) as { id: string }).id };
  }
  while (count() <= page.limit) {
    const { rows } = await db.query<{ id: string; doc: AidRequestRow }>(
      `SELECT r.id, r.doc FROM rm_aid_requests r
       WHERE r.id > $1 COLLATE "C" AND NOT EXISTS (SELECT 1 FROM rm_packages p WHERE p.aid_request_ids @> ARRAY[r.id])
       ORDER BY r.id COLLATE "C" LIMIT $2`,
      [cursor.id, chunk],
    );
    board.unbundledAidRequests.push(...(await unbundledViews(db, rows.map((row) => row.doc), filter)));
    if (rows.length < chunk) break;
    cursor = { kind: 'request', id: (rows.at(-1) as { id: string }).id };
  }
  // One more than asked was read when there is more: the page ends before it.
  const more = count() > page.limit;
  if (more) {
    if (board.unbundledAidRequests.length > 0) board.unbundledAidRequests.length = Math.max(0, page.limit - board.packages.length);
    board.packages.length = Math.min(board.packages.length, page.limit);
  }
  return { ...board, next: more ? nextKey(board) : null };
}

export async function readAidRequest(db: Queryable, id: string): Promise<AidRequestView | null> {
  const row = (await loadDocuments(db, aidRequestDocuments, [id])).get(id);
  if (!row) return null;
  // The packages that name it, and the chain of requests it supersedes (for carried positions).
  const holders = await db.query<{ doc: PackageRow }>('SELECT doc FROM rm_packages WHERE aid_request_ids @> ARRAY[$1]::text[]', [id]);
  const related: AidRequestRow[] = [];
  for (let next = row.supersedes; next && !related.some((r) => r.id === next); ) {
    const previous = (await loadDocuments(db, aidRequestDocuments, [next])).get(next);
    if (!previous) break;
    related.push(previous);
    next = previous.supersedes;
  }
  return aidRequestView(row, related, holders.rows.map((r) => r.doc));
}

export async function readPackage(db: Queryable, id: string): Promise<PackageView | null> {
  const pkg = (await loadDocuments(db, packageDocuments, [id])).get(id);
  if (!pkg) return null;
  const requests = await loadDocuments(db, aidRequestDocuments, pkg.aidRequestIds);
  return assembleBoard([...requests.values()], [pkg]).packages[0] ?? null;
}

/** The whole board, page after page: for tools and tests that compare boards, not for requests. */
export async function readNegotiationsBoard(db: Queryable, filter: NegotiationsFilter = {}): Promise<NegotiationsBoard> {
  const board: { packages: PackageView[]; unbundledAidRequests: AidRequestView[] } = { packages: [], unbundledAidRequests: [] };
  for (let after: string | undefined, first = true; first || after !== undefined; first = false) {
    const page = await readNegotiationsPage(db, filter, { limit: 500, after });
    board.packages.push(...page.packages);
    board.unbundledAidRequests.push(...page.unbundledAidRequests);
    after = page.next ?? undefined;
  }
  return board;
}
