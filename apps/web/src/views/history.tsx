import { getPages, query } from '../api/client';
import type { StreamHistory } from '../api/types';
import { useResource } from '../api/use-resource';
import { ConfidenceBadge, Provenance } from '../components/provenance';
import { useLive } from '../live';
import { factOf } from '../model/event-data';
import { instant, occurred } from '../model/format';
import { type Route } from '../router';
import { gist } from './live';
import { LoadError } from '../components/load-error';

const mergeHistories = (all: StreamHistory, page: StreamHistory): StreamHistory => ({ ...all, events: [...all.events, ...page.events] });

/** One aggregate's history: every event of its stream, with its sources, dates and confidence. */
export function HistoryView({ route }: { route: Route }) {
  const streamId = route.rest;
  const asOf = route.params.get('asOf') ?? undefined;
  const { tail } = useLive();
  const newest = asOf ? 0 : (tail.find((e) => e.streamId === streamId)?.position ?? 0);
  const history = useResource(`/streams/${encodeURIComponent(streamId)}/events${query({ asOf, limit: 1000 })}`, newest, (path, signal) => getPages<StreamHistory>(path, mergeHistories, signal));
  return (
    <section aria-labelledby="history-title" aria-busy={history.loading} data-stream={streamId}>
      <div class="view-header">
        <h2 id="history-title">
          History of <span class="mono">{streamId}</span>
        </h2>
        <p class="muted">
          Every fact recorded on this aggregate, oldest first. <a href={`/streams/${encodeURIComponent(streamId)}/events`}>As JSON</a>
        </p>
      </div>
      <LoadError error={history.error} what="Could not load the history" />
      {!history.data && !history.error && (
        <p class="muted" role="status">
          Loading the history…
        </p>
      )}
      {history.data?.more && (
        <p class="muted" role="status">
          The first {history.data.events.length} of {history.data.version} events; the rest are in the JSON, a page at a time.
        </p>
      )}
      {history.data && history.data.events.length === 0 && <p class="empty">No event recorded on this aggregate{asOf ? ' by then' : ''}.</p>}
      {history.data && history.data.events.length > 0 && (
        <ol class="history" aria-label={`Events of ${streamId}`}>
          {history.data.events.map((e) => {
            const fact = factOf(e.data);
            return (
              <li key={e.position} class="card">
                <div class="row">
                  <span class="mono muted small">v{e.version}</span>
                  <strong>{e.type}</strong>
                  {fact.confidence && <ConfidenceBadge confidence={fact.confidence} />}
                  <span class="muted small">
                    {fact.occurredAt && <>happened {occurred(fact.occurredAt)} · </>}recorded {instant(e.recordedAt)} by {e.metadata.recordedBy}
                  </span>
                </div>
                <p>
                  <Provenance facts={{ about: e.type, ...fact, recordedAt: e.recordedAt }}>{gist(e) || 'details'}</Provenance>
                </p>
                <details>
                  <summary>Data</summary>
                  <pre>{JSON.stringify(e.data, null, 2)}</pre>
                </details>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
