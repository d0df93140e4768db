import type { AidLine, AidRequestedV1, Confidence, Money, OccurredAt, PackageBundledV1, PackageProposedV1, Source } from '@policy-ledger/contracts';
import type { StoredEvent } from '@policy-ledger/event-store';
import { entityIdOf, isReplay, type VersionedRow } from '../projection';

export const NEGOTIATIONS_BOARD = 'negotiations-board';

export interface LastAction {
  readonly type: string;
  readonly occurredAt: OccurredAt;
  readonly recordedAt: string;
}

export interface AidRequestRow extends VersionedRow {
  readonly requester: string;
  readonly addressee: string;
  readonly lines: readonly AidLine[];
  readonly total: Money;
  readonly supersedes: string | null;
  readonly occurredAt: OccurredAt;
  readonly confidence: Confidence;
  readonly sources: readonly Source[];
  readonly lastAction: LastAction;
}

export interface PackageRow extends VersionedRow {
  /** Null until PackageProposed is applied (it always comes first in its stream). */
  readonly title: string | null;
  readonly sponsor: string | null;
  readonly rationale: string | null;
  readonly status: 'proposed' | 'bundled';
  readonly aidRequestIds: readonly string[];
  readonly sources: readonly Source[];
  readonly lastAction: LastAction;
}

function stamp(event: StoredEvent, occurredAt: OccurredAt) {
  return {
    id: entityIdOf(event),
    version: event.version,
    position: event.position,
    lastAction: { type: event.type, occurredAt, recordedAt: event.recordedAt },
  };
}

/** Evolves one aid request's row. Pure; a replayed event returns the row unchanged. */
export function evolveAidRequest(row: AidRequestRow | null, event: StoredEvent): AidRequestRow | null {
  if (isReplay(row, event)) return row;
  switch (event.type) {
    case 'AidRequested': {
      const data = event.data as AidRequestedV1;
      return {
        ...stamp(event, data.occurredAt),
        requester: data.requester,
        addressee: data.addressee,
        lines: data.lines,
        total: data.total,
        supersedes: data.supersedes ?? null,
        occurredAt: data.occurredAt,
        confidence: data.confidence,
        sources: data.sources,
      };
    }
    default:
      return row;
  }
}

/** Evolves one package's row. Pure; a replayed event returns the row unchanged. */
export function evolvePackage(row: PackageRow | null, event: StoredEvent): PackageRow | null {
  if (isReplay(row, event)) return row;
  switch (event.type) {
    case 'PackageProposed': {
      const data = event.data as PackageProposedV1;
      return {
        ...stamp(event, data.occurredAt),
        title: data.title,
        sponsor: data.sponsor,
        rationale: data.rationale ?? null,
        status: row?.status ?? 'proposed',
        aidRequestIds: row?.aidRequestIds ?? [],
        sources: [...(row?.sources ?? []), ...data.sources],
      };
    }
    case 'PackageBundled': {
      const data = event.data as PackageBundledV1;
      const held = row?.aidRequestIds ?? [];
      return {
        ...stamp(event, data.occurredAt),
        title: row?.title ?? null,
        sponsor: row?.sponsor ?? null,
        rationale: row?.rationale ?? null,
        status: 'bundled',
        aidRequestIds: [...held, ...data.aidRequestIds.filter((id) => !held.includes(id))],
        sources: [...(row?.sources ?? []), ...data.sources],
      };
    }
    default:
      return row;
  }
}
