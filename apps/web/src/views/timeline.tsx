import { useEffect, useState } from 'preact/hooks';
import { getJson, query } from '../api/client';
import type { Timeline, TimelineEntry } from '../api/types';
import { useResource } from '../api/use-resource';
import { ConfidenceBadge, Provenance } from '../components/provenance';
import { useLive } from '../live';
import { countryName, instant, occurred, partyName } from '../model/format';
import { type Route, setParams } from '../router';
import { LoadError } from '../components/load-error';

export const TIMELINE_TYPES: Record<string, string> = {
  StatementIssued: 'Statement',
  SanctionsImposed: 'Sanctions imposed',
  SanctionsLifted: 'Sanctions lifted',
  TechnologyTransferSought: 'Technology sought',
  MeetingHeld: 'Meeting',
  ThreatIssued: 'Threat',
};

/** The countries the filter offers: those of the developments' parties, and the story's usual ones. */
const COMMON_COUNTRIES = ['CN', 'IL', 'IR', 'KP', 'KR', 'RU', 'TW', 'UA', 'US'];

function Entry({ entry, order }: { entry: TimelineEntry; order: string }) {
  return (
    <li class="entry" data-type={entry.type}>
      <div class="entry-when">
        {order === 'recorded' ? (
          <>
            <time dateTime={entry.recordedAt}>{instant(entry.recordedAt)}</time>
            <span class="muted small">happened {occurred(entry.occurredAt)}</span>
          </>
        ) : (
          <time dateTime={entry.occurredAt.from}>{occurred(entry.occurredAt)}</time>
        )}
      </div>
      <div class="entry-body">
        <span class={`type type-${entry.type}`}>{TIMELINE_TYPES[entry.type] ?? entry.type}</span>
        <p>
          <Provenance
            facts={{ about: entry.summary, sources: entry.sources, confidence: entry.confidence, occurredAt: entry.occurredAt, reportedAt: entry.reportedAt, recordedAt: entry.recordedAt, historyHref: `#/history/development-${entry.id}` }}
            label={`Sources of: ${entry.summary}`}
          >
            {entry.summary}
          </Provenance>
        </p>
        <p class="muted small">
          {entry.parties.map(partyName).join(' · ')} · <ConfidenceBadge confidence={entry.confidence} />
        </p>
      </div>
    </li>
  );
}

/** Developments in world order or in the order learned, filtered by country, actor and type. */
export function TimelineView({ route }: { route: Route }) {
  const order = route.params.get('order') === 'recorded' ? 'recorded' : 'occurred';
  const country = route.params.get('country') ?? undefined;
  const type = route.params.get('type') ?? undefined;
  const actor = route.params.get('actor') ?? undefined;
  const [actorDraft, setActorDraft] = useState(actor ?? '');
  const { seen } = useLive();
  const moved = seen['development'] ?? 0;
  const path = `/timeline${query({ order, country, type, actor, limit: 50, minPosition: moved || undefined })}`;
  const first = useResource<Timeline>(path, moved);
  const [more, setMore] = useState<{ entries: TimelineEntry[]; next: number | null } | null>(null);
  useEffect(() => setMore(null), [path]);

  // The actor filter follows typing after a short pause.
  useEffect(() => {
    if ((actor ?? '') === actorDraft) return;
    const timer = setTimeout(() => setParams(route, { actor: actorDraft.trim() || undefined }), 350);
    return () => clearTimeout(timer);
  }, [actorDraft]);

  const entries = [...(first.data?.entries ?? []), ...(more?.entries ?? [])];
  const next = more ? more.next : (first.data?.next ?? null);
  const countries = [...new Set([...COMMON_COUNTRIES, ...entries.flatMap((e) => e.parties.flatMap((p) => p.country ?? [])), ...(country ? [country] : [])])].sort((a, b) =>
    countryName(a).localeCompare(countryName(b)),
  );
  const loadMore = async () => {
    if (next === null) return;
    const page = await getJson<Timeline>(`/timeline${query({ order, country, type, actor, limit: 50, cursor: next })}`);
    setMore((m) => ({ entries: [...(m?.entries ?? []), ...page.entries], next: page.next }));
  };

  return (
    <section aria-labelledby="timeline-title" aria-busy={first.loading}>
      <div class="view-header">
        <h2 id="timeline-title">Timeline</h2>
        <p class="muted">Statements, sanctions, meetings, threats and requests for technology, as they happened or as the ledger learned them.</p>
      </div>
      <form class="toolbar filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter the timeline">
        <fieldset class="segmented">
          <legend>Order</legend>
          <label>
            <input type="radio" name="order" value="occurred" checked={order === 'occurred'} onChange={() => setParams(route, { order: undefined })} /> as it happened
          </label>
          <label>
            <input type="radio" name="order" value="recorded" checked={order === 'recorded'} onChange={() => setParams(route, { order: 'recorded' })} /> as learned
          </label>
        </fieldset>
        <label>
          Country
          <select name="country" value={country ?? ''} onChange={(e) => setParams(route, { country: e.currentTarget.value || undefined })}>
            <option value="">any</option>
            {countries.map((c) => (
              <option key={c} value={c}>
                {countryName(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Actor
          <input name="actor" type="search" placeholder="e.g. Kirby" value={actorDraft} onInput={(e) => setActorDraft(e.currentTarget.value)} />
        </label>
        <label>
          Type
          <select name="type" value={type ?? ''} onChange={(e) => setParams(route, { type: e.currentTarget.value || undefined })}>
            <option value="">any</option>
            {Object.entries(TIMELINE_TYPES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </form>
      <LoadError error={first.error} what="Could not load the timeline" />
      {first.data && entries.length === 0 && <p class="empty">No development matches.</p>}
      <ol class="timeline" aria-label={`Developments, ${order === 'recorded' ? 'in the order learned' : 'in world order'}`}>
        {entries.map((e) => (
          <Entry key={e.id} entry={e} order={order} />
        ))}
      </ol>
      {next !== null && (
        <button type="button" class="more" onClick={() => void loadMore()}>
          Show more
        </button>
      )}
    </section>
  );
}
