import type { Queryable, StoredEvent } from '@policy-ledger/event-store';
import { entityIdOf, type Projection } from '../projection';
import { type AidRequestRow, evolveAidRequest, evolvePackage, NEGOTIATIONS_BOARD, type PackageRow } from './negotiations-board.projection';
import { aidRequestView, assembleBoard, type AidRequestView, type NegotiationsBoard, type NegotiationsFilter, type PackageView } from './negotiations-board.view';

async function loadDoc<Row>(tx: Queryable, table: 'rm_aid_requests' | 'rm_packages', id: string): Promise<Row | null> {
  const { rows } = await tx.query<{ doc: Row }>(`SELECT doc FROM ${table} WHERE id = $1`, [id]);
  return rows[0]?.doc ?? null;
}

export const negotiationsBoardProjection: Projection = {
  name: NEGOTIATIONS_BOARD,
  tables: ['rm_aid_requests', 'rm_packages'],
  handles: [
    'AidRequested',
    'PositionRecorded',
    'AidRequestWithdrawn',
    'AidRequestSuperseded',
    'AidRequestBundled',
    'PackageProposed',
    'PackageBundled',
    'ComponentProposed',
    'ComponentAdded',
    'ComponentRemoved',
    'PackageAttachedToBill',
    'LegislativeActionRecorded',
  ],

  async apply(tx, event: StoredEvent) {
    const id = entityIdOf(event);
    if (event.streamType === 'aid-request') {
      const row = evolveAidRequest(await loadDoc<AidRequestRow>(tx, 'rm_aid_requests', id), event);
      if (!row) return;
      await tx.query(`INSERT INTO rm_aid_requests (id, doc) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`, [id, row]);
    } else if (event.streamType === 'package') {
      const row = evolvePackage(await loadDoc<PackageRow>(tx, 'rm_packages', id), event);
      if (!row) return;
      await tx.query(
        `INSERT INTO rm_packages (id, aid_request_ids, doc) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET aid_request_ids = excluded.aid_request_ids, doc = excluded.doc`,
        [id, row.aidRequestIds, row],
      );
    }
  },
};

async function allRows<Row>(db: Queryable, table: 'rm_aid_requests' | 'rm_packages'): Promise<Row[]> {
  const { rows } = await db.query<{ doc: Row }>(`SELECT doc FROM ${table} ORDER BY id`);
  return rows.map((row) => row.doc);
}

export async function readNegotiationsBoard(db: Queryable, filter: NegotiationsFilter = {}): Promise<NegotiationsBoard> {
  const [aidRequests, packages] = await Promise.all([allRows<AidRequestRow>(db, 'rm_aid_requests'), allRows<PackageRow>(db, 'rm_packages')]);
  return assembleBoard(aidRequests, packages, filter);
}

export async function readAidRequest(db: Queryable, id: string): Promise<AidRequestView | null> {
  const row = await loadDoc<AidRequestRow>(db, 'rm_aid_requests', id);
  if (!row) return null;
  // The packages that name it, and the chain of requests it supersedes (for carried positions).
  const holders = await db.query<{ doc: PackageRow }>('SELECT doc FROM rm_packages WHERE aid_request_ids @> ARRAY[$1]::text[]', [id]);
  const related: AidRequestRow[] = [];
  for (let next = row.supersedes; next && !related.some((r) => r.id === next); ) {
    const previous = await loadDoc<AidRequestRow>(db, 'rm_aid_requests', next);
    if (!previous) break;
    related.push(previous);
    next = previous.supersedes;
  }
  return aidRequestView(row, related, holders.rows.map((r) => r.doc));
}

export async function readPackage(db: Queryable, id: string): Promise<PackageView | null> {
  const pkg = await loadDoc<PackageRow>(db, 'rm_packages', id);
  if (!pkg) return null;
  const { rows } = await db.query<{ doc: AidRequestRow }>('SELECT doc FROM rm_aid_requests WHERE id = ANY($1::text[])', [pkg.aidRequestIds]);
  return assembleBoard(rows.map((row) => row.doc), [pkg]).packages[0] ?? null;
}
