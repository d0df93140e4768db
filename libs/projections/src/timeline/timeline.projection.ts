import type { Confidence, OccurredAt, Party, Source, StoredEvent } from '@policy-ledger/contracts';
import { type Documents, documentsProjection, entityIdOf, isReplay, type VersionedRow } from '../projection';

export const TIMELINE = 'timeline';

/** The development events the timeline holds. */
export const TIMELINE_TYPES = ['StatementIssued', 'SanctionsImposed', 'SanctionsLifted', 'TechnologyTransferSought', 'MeetingHeld', 'ThreatIssued'] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];
type TimelineEvent = Extract<StoredEvent, { type: TimelineType }>;

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

/** "more than 500 targets, among them X, Y", or the named ones alone. */
function targetsOf({ named: targets, count }: { named: readonly Party[]; count?: { value: number; qualifier: string } }): string {
  if (!count) return list(targets);
  const how = { exact: '', at_least: 'at least ', approx: 'about ' }[count.qualifier] ?? '';
  return `${how}${count.value} targets${targets.length > 0 ? `, among them ${list(targets)}` : ''}`;
}

/** Who takes part, and a one-line summary, per kind of development. */
function describe(event: TimelineEvent): { parties: Party[]; summary: string } {
  switch (event.type) {
    case 'StatementIssued': {
      const d = event.data;
      return { parties: [d.speaker, ...(d.target ? [d.target] : [])], summary: `${named(d.speaker)} ${d.kind}${d.target ? ` ${named(d.target)}` : ''}: ${d.summary}` };
    }
    case 'SanctionsImposed':
    case 'SanctionsLifted': {
      const d = event.data;
      const verb = event.type === 'SanctionsImposed' ? 'sanctions' : 'lifts sanctions on';
      return { parties: [d.authority, ...d.targets.named], summary: `${named(d.authority)} ${verb} ${targetsOf(d.targets)}: ${d.reason}` };
    }
    case 'TechnologyTransferSought': {
      const d = event.data;
      return { parties: [d.seeker, d.provider], summary: `${named(d.seeker)} seeks from ${named(d.provider)}: ${d.items.join(', ')}` };
    }
    case 'MeetingHeld': {
      const d = event.data;
      return { parties: d.participants, summary: `${list(d.participants)} meet in ${d.place}${d.topics.length ? ` on ${d.topics.join(', ')}` : ''}` };
    }
    case 'ThreatIssued': {
      const d = event.data;
      return { parties: [d.by, d.against], summary: `${named(d.by)} threatens ${named(d.against)} with ${d.what}${d.trigger ? ` over ${d.trigger}` : ''}` };
    }
  }
}

export function isTimelineType(type: string): type is TimelineType {
  return (TIMELINE_TYPES as readonly string[]).includes(type);
}

function isTimelineEvent(event: StoredEvent): event is TimelineEvent {
  return isTimelineType(event.type);
}

/** Evolves one development's entry. Pure; a replayed event returns the entry unchanged. */
export function evolveTimelineEntry(row: TimelineEntry | null, event: StoredEvent): TimelineEntry | null {
  if (isReplay(row, event) || !isTimelineEvent(event)) return row;
  const { data } = event;
  return {
    id: entityIdOf(event),
    version: event.version,
    position: event.position,
    type: event.type,
    ...describe(event),
    occurredAt: data.occurredAt,
    reportedAt: data.reportedAt ?? null,
    recordedAt: event.recordedAt,
    confidence: data.confidence,
    sources: data.sources,
    about: data.about,
    data,
  };
}

/** One entry per development, with the columns its filters and orders use. */
export const timelineDocuments: Documents<TimelineEntry> = {
  table: 'rm_timeline',
  streamType: 'development',
  evolve: evolveTimelineEntry,
  columns: {
    type: ['text', (entry) => entry.type],
    occurred_from: ['date', (entry) => entry.occurredAt.from],
    occurred_to: ['date', (entry) => entry.occurredAt.to ?? entry.occurredAt.from],
    recorded_at: ['timestamptz', (entry) => entry.recordedAt],
    position: ['bigint', (entry) => entry.position],
    parties: ['text[]', (entry) => entry.parties.flatMap((p) => (p.name ? [p.name.toLowerCase()] : []))],
    countries: ['text[]', (entry) => [...new Set(entry.parties.flatMap((p) => (p.country ? [p.country] : [])))]],
  },
};

export const timelineProjection = documentsProjection(TIMELINE, timelineDocuments);
