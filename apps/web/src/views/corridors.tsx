import { useEffect, useState } from 'preact/hooks';
import { getJson, query } from '../api/client';
import type { Corridor, Corridors, Leg, StoredEvent, StreamHistory } from '../api/types';
import { useResource } from '../api/use-resource';
import { colourOf, CorridorChart } from '../components/corridor-chart';
import { historyHref } from '../components/package-card';
import { ConfidenceBadge, Provenance } from '../components/provenance';
import { TimeTravel } from '../components/time-travel';
import { useLive } from '../live';
import { corridorCharts, type UnitChart } from '../model/corridor-series';
import { countryName, day, partyName, quantity, words } from '../model/format';
import { type Route, setParams } from '../router';

/** Each standing shipment's history (for every figure ever given), loaded again when `refresh` moves. */
function useHistories(ids: readonly string[], asOf: string | undefined, refresh: number): ReadonlyMap<string, readonly StoredEvent[]> {
  const [histories, setHistories] = useState<ReadonlyMap<string, readonly StoredEvent[]>>(new Map());
  const key = ids.join(',');
  useEffect(() => {
    const controller = new AbortController();
    void Promise.all(
      ids.map((id) =>
        getJson<StreamHistory>(`/streams/shipment-${encodeURIComponent(id)}/events${query({ asOf })}`, controller.signal).then(
          (h) => [id, h.events] as const,
          () => null,
        ),
      ),
    ).then((entries) => {
      if (!controller.signal.aborted) setHistories(new Map(entries.filter((e): e is readonly [string, readonly StoredEvent[]] => e !== null)));
    });
    return () => controller.abort();
    // The ids are compared by their joined key.
  }, [key, asOf, refresh]);
  return histories;
}

function Route_({ legs }: { legs: readonly Leg[] }) {
  const place = (p: Leg['from']) => `${p.name}${p.country ? ` (${countryName(p.country)})` : ''}`;
  return (
    <ol class="route">
      {legs.map((leg, i) => (
        <li key={i}>
          <span class={`mode mode-${leg.mode}`}>{words(leg.mode)}</span> {place(leg.from)} → {place(leg.to)}
          {leg.vessel && <span class="muted small"> · {[leg.vessel.name, leg.vessel.flag && `${countryName(leg.vessel.flag)}-flagged`].filter(Boolean).join(', ')} vessel</span>}
        </li>
      ))}
    </ol>
  );
}

function Legend({ chart }: { chart: UnitChart }) {
  return (
    <ul class="legend" aria-label={`Sources of the ${chart.unit} figures`}>
      {chart.series.map((s) => (
        <li key={s.source} data-series={s.source}>
          <span class="swatch" style={{ background: colourOf(chart, s.source) }} aria-hidden="true" />
          <strong>{s.source}</strong>
          <span class="muted small">
            {' '}
            · {s.figures.length} {s.figures.length === 1 ? 'figure' : 'figures'}
            {s.countingSince.length > 0 && `, counting from ${s.countingSince.map((d) => day(d)).join(', ')}`}
          </span>
        </li>
      ))}
    </ul>
  );
}

function FiguresTable({ chart }: { chart: UnitChart }) {
  const rows = chart.series.flatMap((s) => s.figures).sort((a, b) => a.date.localeCompare(b.date) || a.source.localeCompare(b.source));
  const disputed = new Set(chart.disputes.map((d) => d.figure));
  return (
    <details class="figures">
      <summary>Figures as a table ({rows.length})</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Source</th>
            <th scope="col">Figure</th>
            <th scope="col">Shipment</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f, i) => (
            <tr key={i}>
              <td>{day(f.date)}</td>
              <td>{f.source}</td>
              <td>
                <Provenance
                  facts={{ about: `${f.source} on ${f.category.replace(/_/g, ' ')}`, sources: f.sources, confidence: f.confidence, occurredAt: f.occurredAt, reportedAt: f.reportedAt, recordedAt: f.recordedAt, historyHref: historyHref('shipment', f.shipmentId) }}
                  label={`${quantity(f.quantity)} according to ${f.source}: sources`}
                >
                  {quantity(f.quantity)}
                </Provenance>
                {disputed.has(f) && <span class="disputed-tag">disputed</span>}
              </td>
              <td class="mono small">{f.shipmentId}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function CorridorCard({ corridor, histories }: { corridor: Corridor; histories: ReadonlyMap<string, readonly StoredEvent[]> }) {
  const charts = corridorCharts(corridor, histories);
  const title = `${countryName(corridor.supplier)} → ${countryName(corridor.recipient)}`;
  const id = `corridor-${corridor.supplier}-${corridor.recipient}`;
  return (
    <article class="card corridor" aria-labelledby={id} data-corridor={`${corridor.supplier}-${corridor.recipient}`}>
      <header class="card-header">
        <div>
          <h3 id={id}>{title}</h3>
          <p class="muted small">
            {day(corridor.period.from)} – {day(corridor.period.to)} · {corridor.shipmentIds.length} {corridor.shipmentIds.length === 1 ? 'shipment' : 'shipments'}
            {corridor.retractedShipmentIds.length > 0 && `, ${corridor.retractedShipmentIds.length} retracted`}
          </p>
        </div>
        <span>
          {corridor.confidence.map((c) => (
            <ConfidenceBadge key={c} confidence={c} />
          ))}
        </span>
      </header>
      <ul class="totals plain">
        {corridor.totals.map((t) => (
          <li key={`${t.unit}-${t.countingSince}`}>
            <strong class="big">{quantity(t)}</strong>
            {t.countingSince && <span class="muted"> counted since {day(t.countingSince)}</span>}
          </li>
        ))}
      </ul>
      {charts.map((chart) => (
        <figure key={chart.unit} class="chart-figure">
          <figcaption>
            Estimates of {chart.unit} over time, one line per source{chart.disputes.length > 0 ? '; a red ring marks a disputed figure' : ''}
          </figcaption>
          <CorridorChart chart={chart} supplier={corridor.supplier} recipient={corridor.recipient} />
          <Legend chart={chart} />
          <FiguresTable chart={chart} />
        </figure>
      ))}
      {corridor.disputes.length > 0 && (
        <section>
          <h4>Disputes</h4>
          <ul class="plain">
            {corridor.disputes.map((d, i) => (
              <li key={i} class="dispute">
                <Provenance facts={{ about: `${partyName(d.disputedBy)} disputes ${d.claim}`, sources: d.sources, confidence: d.confidence, occurredAt: d.occurredAt, historyHref: historyHref('shipment', d.shipmentId) }}>
                  <strong>{partyName(d.disputedBy)}</strong> disputes {d.claim}
                </Provenance>
                : “{d.counterClaim}”{d.quantity && <> (about {quantity(d.quantity)})</>} <span class="muted small">{day(d.occurredAt.from)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {corridor.routes.length > 0 && (
        <section>
          <h4>Route</h4>
          {corridor.routes.map((legs, i) => (
            <Route_ key={i} legs={legs} />
          ))}
        </section>
      )}
      <p class="history-links small">
        History:{' '}
        {corridor.shipmentIds.map((id, i) => (
          <span key={id}>
            {i > 0 && ' · '}
            <a href={historyHref('shipment', id)}>{id}</a>
          </span>
        ))}
      </p>
    </article>
  );
}

/** Supplier -> recipient corridors: each source's figures over time, disputes, routes. */
export function CorridorsView({ route }: { route: Route }) {
  const asOf = route.params.get('asOf') ?? undefined;
  const { seen } = useLive();
  const moved = seen['shipment'] ?? 0;
  const corridors = useResource<Corridors>(`/corridors${query(asOf ? { asOf } : { minPosition: moved || undefined })}`, asOf ? 0 : moved);
  const ids = corridors.data?.corridors.flatMap((c) => c.shipmentIds) ?? [];
  const histories = useHistories(ids, asOf, asOf ? 0 : moved);
  return (
    <section aria-labelledby="corridors-title" aria-busy={corridors.loading}>
      <div class="view-header">
        <h2 id="corridors-title">Corridors</h2>
        <p class="muted">What went from whom to whom: each source's estimates over time, the disputes, the routes.</p>
      </div>
      <TimeTravel what="the corridors" asOf={asOf} position={corridors.data?.position} onChange={(value) => setParams(route, { asOf: value })} />
      {corridors.error && (
        <p class="error" role="alert">
          Could not load the corridors: {corridors.error}
        </p>
      )}
      {corridors.data && corridors.data.corridors.length === 0 && <p class="empty">No shipment reported{asOf ? ' by then' : ' yet'}.</p>}
      <div class="corridors">
        {corridors.data?.corridors.map((c) => (
          <CorridorCard key={`${c.supplier}-${c.recipient}`} corridor={c} histories={histories} />
        ))}
      </div>
    </section>
  );
}
