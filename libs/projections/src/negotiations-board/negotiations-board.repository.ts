import type { Queryable } from '@policy-ledger/event-store';
import { loadDocuments } from '../projection';
import { type AidRequestRow, aidRequestDocuments, packageDocuments, type PackageRow } from './negotiations-board.projection';
import { aidRequestView, assembleBoard, type AidRequestView, type NegotiationsBoard, type NegotiationsFilter, type PackageView } from './negotiations-board.view';

async function allRows<Row>(db: Queryable, table: 'rm_aid_requests' | 'rm_packages'): Promise<Row[]> {
  const { rows } = await db.query<{ doc: Row }>(`SELECT doc FROM ${table} ORDER BY id`);
  return rows.map((row) => row.doc);
}

export async function readNegotiationsBoard(db: Queryable, filter: NegotiationsFilter = {}): Promise<NegotiationsBoard> {
  const [aidRequests, packages] = await Promise.all([allRows<AidRequestRow>(db, 'rm_aid_requests'), allRows<PackageRow>(db, 'rm_packages')]);
  return assembleBoard(aidRequests, packages, filter);
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
