import type {
  Confidence,
  MeetingHeldV1,
  OccurredAt,
  Party,
  SanctionsImposedV1,
  Source,
  StatementIssuedV1,
  TechnologyTransferSoughtV1,
  ThreatIssuedV1,
} from '@policy-ledger/contracts';
import type { StoredEvent } from '@policy-ledger/event-store';
import { entityIdOf, isReplay, type VersionedRow } from '../projection';

export const TIMELINE = 'timeline';

/** The development events the timeline holds. */
export const TIMELINE_TYPES = ['StatementIssued', 'SanctionsImposed', 'SanctionsLifted', 'TechnologyTransferSought', 'MeetingHeld', 'ThreatIssued'] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export interface TimelineEntry extends VersionedRow {
  readonly type: TimelineType;
  readonly summary: string;
  readonly parties: readonly Party[];
  readonly occurredAt: OccurredAt;
  readonly reportedAt: string | null;
  readonly recordedAt: string;
  readonly confidence: Confidence;
  readonly sources: readonly Source[];
  readonly about: readonly string[];
  readonly data: unknown;
}

const named = (party: Party) => party.name ?? party.country ?? '?';
const list = (parties: readonly Party[]) => parties.map(named).join(', ');

/** Who takes part, and a one-line summary, per kind of development. */
function describe(type: TimelineType, data: unknown): { parties: Party[]; summary: string } {
  switch (type) {
    case 'StatementIssued': {
      const d = data as StatementIssuedV1;
      return { parties: [d.speaker, ...(d.target ? [d.target] : [])], summary: `${named(d.speaker)} ${d.kind}${d.target ? ` ${named(d.target)}` : ''}: ${d.summary}` };
    }
    case 'SanctionsImposed':
    case 'SanctionsLifted': {
      const d = data as SanctionsImposedV1;
      const verb = type === 'SanctionsImposed' ? 'sanctions' : 'lifts sanctions on';
      return { parties: [d.authority, ...d.targets], summary: `${named(d.authority)} ${verb} ${list(d.targets)}: ${d.reason}` };
    }
    case 'TechnologyTransferSought': {
      const d = data as TechnologyTransferSoughtV1;
      return { parties: [d.seeker, d.provider], summary: `${named(d.seeker)} seeks from ${named(d.provider)}: ${d.items.join(', ')}` };
    }
    case 'MeetingHeld': {
      const d = data as MeetingHeldV1;
      return { parties: d.participants, summary: `${list(d.participants)} meet in ${d.place}${d.topics.length ? ` on ${d.topics.join(', ')}` : ''}` };
    }
    case 'ThreatIssued': {
      const d = data as ThreatIssuedV1;
      return { parties: [d.by, d.against], summary: `${named(d.by)} threatens ${named(d.against)} with ${d.what}${d.trigger ? ` over ${d.trigger}` : ''}` };
    }
  }
}

export function isTimelineType(type: string): type is TimelineType {
  return (TIMELINE_TYPES as readonly string[]).includes(type);
}

/** Evolves one development's entry. Pure; a replayed event returns the entry unchanged. */
export function evolveTimelineEntry(row: TimelineEntry | null, event: StoredEvent): TimelineEntry | null {
  if (isReplay(row, event) || !isTimelineType(event.type)) return row;
  const data = event.data as { occurredAt: OccurredAt; reportedAt?: string; confidence: Confidence; sources: Source[]; about?: string[] };
  return {
    id: entityIdOf(event),
    version: event.version,
    position: event.position,
    type: event.type,
    ...describe(event.type, event.data),
    occurredAt: data.occurredAt,
    reportedAt: data.reportedAt ?? null,
    recordedAt: event.recordedAt,
    confidence: data.confidence,
    sources: data.sources,
    about: data.about ?? [],
    data: event.data,
  };
}
