import type { StoredEvent } from '../api/types';
import { useLive } from '../live';
import { factOf, fieldsOf, isListOf, isMoney, isParty, isString } from '../model/event-data';
import { instant, moneyOf, occurred, words } from '../model/format';

/** A one-line gist of an event's data, for the tail. */
export function gist(event: StoredEvent): string {
  const d = fieldsOf(event.data);
  const pick = (key: string) => {
    const value = d.get(key);
    return isString(value) ? value : undefined;
  };
  const party = (key: string) => {
    const p = d.get(key);
    return isParty(p) ? (p.name ?? p.country) : undefined;
  };
  const total = d.get('total');
  const bill = d.get('bill');
  const [billType, billNumber] = [fieldsOf(bill).get('type'), fieldsOf(bill).get('number')];
  const billName = bill ? `${isString(billType) ? billType.toUpperCase() : ''} ${typeof billNumber === 'number' ? billNumber : ''}` : '';
  const ids = d.get('aidRequestIds');
  // Events that name a bill without carrying a package on it.
  if (event.type === 'PackageDetachedFromBill') return `no longer carried by ${billName}${pick('reason') ? `: ${pick('reason')}` : ''}`;
  if (event.type === 'BillAmountsRecorded') {
    const stated = d.get('statedTotal');
    return `the ${words(pick('version') ?? '')} text of ${billName}${isMoney(stated) ? `: ${moneyOf(stated)}` : ''}`;
  }
  if (event.type === 'AmountsAssessed') return `${pick('assessor') ?? 'an assessor'} counts ${words(pick('measure') ?? 'the money')}`;
  return (
    (bill && !d.get('action') ? `carried by ${billName}` : undefined) ??
    pick('title') ??
    (isMoney(total) ? `${pick('requester') ?? 'a request'} asks for ${moneyOf(total)}` : undefined) ??
    (isListOf(ids, isString) ? `bundles ${ids.join(', ')}` : undefined) ??
    (pick('packageId') ? `bundled into ${pick('packageId')}` : undefined) ??

    pick('summary') ??
    (d.get('stance') ? `${party('actor') ?? ''} ${words(String(d.get('stance')))}` : undefined) ??
    (d.get('action') ? `${String(d.get('chamber') ?? '')} ${words(String(d.get('action')))}${bill ? ` on ${billName}` : ''}` : undefined) ??
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
            {tail.map((e) => {
              const { occurredAt } = factOf(e.data);
              return (
                <li key={e.position} data-position={e.position}>
                  <span class="mono muted small">#{e.position}</span>
                  <span class="event-type">{e.type}</span>
                  <a href={`#/history/${encodeURIComponent(e.streamId)}`} class="mono small">
                    {e.streamId}
                  </a>
                  <span class="gist">{gist(e)}</span>
                  <span class="muted small">
                    {occurredAt && <>happened {occurred(occurredAt)} · </>}recorded {instant(e.recordedAt)}
                  </span>
                </li>
              );
            })}
          </ol>
          {tail.length === 0 && <p class="muted">No events yet.</p>}
        </section>
      </div>
    </section>
  );
}
