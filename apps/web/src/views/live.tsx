import type { Money, StoredEvent } from '../api/types';
import { useLive } from '../live';
import { instant, moneyOf, occurred, words } from '../model/format';

/** A one-line gist of an event's data, for the tail. */
export function gist(event: StoredEvent): string {
  const d = event.data as Record<string, unknown>;
  const pick = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : undefined);
  const party = (key: string) => {
    const p = d[key] as { name?: string; country?: string } | undefined;
    return p ? (p.name ?? p.country) : undefined;
  };
  const total = d['total'] as Money | undefined;
  const bill = d['bill'] as { type?: string; number?: number } | undefined;
  const ids = d['aidRequestIds'] as string[] | undefined;
  const billName = bill ? `${bill.type?.toUpperCase() ?? ''} ${bill.number ?? ''}` : '';
  // Events that name a bill without carrying a package on it.
  if (event.type === 'PackageDetachedFromBill') return `no longer carried by ${billName}${pick('reason') ? `: ${pick('reason')}` : ''}`;
  if (event.type === 'BillAmountsRecorded') {
    const stated = d['statedTotal'] as Money | undefined;
    return `the ${words(pick('version') ?? '')} text of ${billName}${stated ? `: ${moneyOf(stated)}` : ''}`;
  }
  if (event.type === 'AmountsAssessed') return `${pick('assessor') ?? 'an assessor'} counts ${words(pick('measure') ?? 'the money')}`;
  return (
    (bill && !d['action'] ? `carried by ${bill.type?.toUpperCase() ?? ''} ${bill.number ?? ''}` : undefined) ??
    pick('title') ??
    (total?.amount && total.currency ? `${pick('requester') ?? 'a request'} asks for ${moneyOf(total)}` : undefined) ??
    (ids ? `bundles ${ids.join(', ')}` : undefined) ??
    (pick('packageId') ? `bundled into ${pick('packageId')}` : undefined) ??

    pick('summary') ??
    (d['stance'] ? `${party('actor') ?? ''} ${words(String(d['stance']))}` : undefined) ??
    (d['action'] ? `${String(d['chamber'] ?? '')} ${words(String(d['action']))}${bill ? ` on ${bill.type?.toUpperCase() ?? ''} ${bill.number ?? ''}` : ''}` : undefined) ??
    pick('description') ??
    (pick('claim') ? `${party('disputedBy') ?? 'someone'} disputes ${pick('claim')}: “${pick('counterClaim') ?? ''}”` : undefined) ??
    pick('reason') ??
    pick('what') ??
    ''
  );
}

export function LiveStatusPill() {
  const { projections, connected } = useLive();
  const behind = projections?.projections.filter((p) => p.lag.events > 0 || p.state !== 'live') ?? [];
  const up = connected.events && connected.projections;
  const text = !up ? 'reconnecting…' : behind.length === 0 ? `live · position ${projections?.head ?? '…'}` : `catching up · ${Math.max(...behind.map((p) => p.lag.events))} behind`;
  return (
    <a href="#/live" class={`pill ${!up ? 'pill-off' : behind.length === 0 ? 'pill-live' : 'pill-lag'}`} aria-label={`Live status: ${text}`}>
      <span class="live-dot" aria-hidden="true" />
      {text}
    </a>
  );
}

/** Projection status and lag, and the newest events, both pushed over SSE. */
export function LiveView() {
  const { projections, tail, connected } = useLive();
  return (
    <section aria-labelledby="live-title">
      <div class="view-header">
        <h2 id="live-title">Live</h2>
        <p class="muted">
          Read models and their lag, and the newest events, pushed by the server over Server-Sent Events ({connected.events ? 'connected' : 'connecting'}).
        </p>
      </div>
      <div class="live-grid">
        <section class="card" aria-labelledby="projections-title">
          <h3 id="projections-title">Projections</h3>
          {projections ? (
            <table class="projections">
              <caption class="visually-hidden">Each read model's position and lag</caption>
              <thead>
                <tr>
                  <th scope="col">Read model</th>
                  <th scope="col">State</th>
                  <th scope="col" class="num">
                    Position
                  </th>
                  <th scope="col" class="num">
                    Lag
                  </th>
                </tr>
              </thead>
              <tbody>
                {projections.projections.map((p) => (
                  <tr key={p.name} data-projection={p.name}>
                    <th scope="row">{p.name}</th>
                    <td>
                      <span class={`state state-${p.state}`}>{p.state}</span>
                      {p.deadLetters > 0 && <span class="muted small"> · {p.deadLetters} dead letters</span>}
                      {p.reason && <div class="muted small">{p.reason}</div>}
                    </td>
                    <td class="num">
                      {p.position} / {p.head}
                    </td>
                    <td class="num">
                      {p.lag.events} events
                      <div class="muted small">{p.lag.seconds.toFixed(1)} s</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">Waiting for the status stream…</p>
          )}
        </section>
        <section class="card" aria-labelledby="tail-title">
          <h3 id="tail-title">Newest events</h3>
          <ol class="tail" aria-live="polite" aria-relevant="additions">
            {tail.map((e) => (
              <li key={e.position} data-position={e.position}>
                <span class="mono muted small">#{e.position}</span>
                <span class="event-type">{e.type}</span>
                <a href={`#/history/${encodeURIComponent(e.streamId)}`} class="mono small">
                  {e.streamId}
                </a>
                <span class="gist">{gist(e)}</span>
                <span class="muted small">
                  {e.data.occurredAt && <>happened {occurred(e.data.occurredAt)} · </>}recorded {instant(e.recordedAt)}
                </span>
              </li>
            ))}
          </ol>
          {tail.length === 0 && <p class="muted">No events yet.</p>}
        </section>
      </div>
    </section>
  );
}
