import { useEffect, useState } from 'preact/hooks';
import { getJson, getPages, query } from '../api/client';
import type { Corridor, Corridors, Dispute, Leg, StoredEvent, StreamHistory } from '../api/types';
import { useResource } from '../api/use-resource';
import { colourOf, CorridorChart } from '../components/corridor-chart';
import { historyHref } from '../components/package-card';
import { ConfidenceBadge, Provenance } from '../components/provenance';
import { TimeTravel } from '../components/time-travel';
import { useLive } from '../live';
import { corridorCharts, type UnitChart } from '../model/corridor-series';
import { capitalised, countryName, day, occurred, partyName, quantity, since, words } from '../model/format';
import { type Route, setParams } from '../router';
import { LoadError } from '../components/load-error';

/** A claim in quotation marks; one that quotes someone itself keeps its own marks instead (made typographic). */
function quoted(text: string): string {
  if (!/["“”]/.test(text)) return `“${text}”`;
  let marks = 0;
  return text.replace(/"/g, () => (marks++ % 2 === 0 ? '“' : '”'));
}

/** The most shipment histories the view loads for its charts. */
const MAX_HISTORIES = 300;

/** Each standing shipment's history (for every figure ever given), loaded again when `refresh` moves. */
function useHistories(ids: readonly string[], asOf: string | undefined, refresh: number): ReadonlyMap<string, readonly StoredEvent[]> {
  const [histories, setHistories] = useState<ReadonlyMap<string, readonly StoredEvent[]>>(new Map());
  const key = ids.join(',');
  useEffect(() => {
    const controller = new AbortController();
    void Promise.all(
      ids.map((id) =>
        getJson<StreamHistory>(`/streams/shipment-${encodeURIComponent(id)}/events${query({ asOf, limit: 1000 })}`, controller.signal).then(
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

/** Each source's latest count of a unit, side by side: "latest of <source>", never added across sources. */
function Totals({ corridor, chart }: { corridor: Corridor; chart: UnitChart }) {
  const totals = corridor.totals.filter((t) => t.unit === chart.unit);
  const figures = new Map(chart.series.flatMap((s) => s.figures).map((f) => [`${f.shipmentId}#${f.estimateId}`, f]));
  return (
    <ul class="totals plain" aria-label={`Latest ${chart.unit} count of each source`}>
      {totals.map((t) => {
        const own = t.shipmentIds.flatMap((id) => t.estimateIds.flatMap((e) => figures.get(`${id}#${e}`) ?? []));
        const latest = own.at(-1);
        const disputes = chart.disputes.filter((d) => d.figure && own.includes(d.figure));
        return (
          <li key={`${t.source}-${t.countingSince}`} class="total" data-source={t.source} style={{ borderTopColor: colourOf(chart, t.source) }}>
            <span class="total-figure">
              {latest ? (
                <Provenance
                  facts={{ about: t.label, sources: own.flatMap((f) => f.sources), confidence: [...new Set(own.map((f) => f.confidence))], occurredAt: latest.occurredAt, reportedAt: latest.reportedAt, recordedAt: latest.recordedAt, notes: [`estimate ${t.estimateIds.join(', ')}`], historyHref: historyHref('shipment', latest.shipmentId) }}
                  label={`${quantity(t)}, ${t.label}: sources`}
                >
                  {quantity(t)}
                </Provenance>
              ) : (
                quantity(t)
              )}
            </span>
            <span class="total-label">{t.label}</span>
            <span class="muted small">
              counting {since(t.countingSince)}
              {latest && <> · given {day(latest.date)}</>}
            </span>
            {own.flatMap((f) => f.equivalents).map((e) => (
              <span key={e.estimateId} class="small equivalent">
                = {quantity(e.quantity)} <span class="muted">(a restatement, not a count)</span>
              </span>
            ))}
            {disputes.map((d, i) => (
              <span key={i} class="small disputed-by">
                <span class="disputed-tag">disputed</span> by {partyName(d.dispute.disputedBy)}
              </span>
            ))}
          </li>
        );
      })}
    </ul>
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
            {s.countingSince.length > 0 && `, counting ${s.countingSince.map((d) => since(d)).join(', then ')}`}
          </span>
        </li>
      ))}
    </ul>
  );
}

function FiguresTable({ chart }: { chart: UnitChart }) {
  const rows = chart.series.flatMap((s) => s.figures).sort((a, b) => a.date.localeCompare(b.date) || a.source.localeCompare(b.source));
  const disputed = new Set(chart.disputes.flatMap((d) => d.figure ?? []));
  return (
    <details class="figures">
      <summary>Every {chart.unit} figure as a table ({rows.length})</summary>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Given</th>
              <th scope="col">Source</th>
              <th scope="col">Figure</th>
              <th scope="col">Counting</th>
              <th scope="col">Estimate</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <tr key={`${f.shipmentId}#${f.estimateId}`} data-estimate={f.estimateId}>
                <td>{day(f.date)}</td>
                <td>{f.source}</td>
                <td>
                  <Provenance
                    facts={{ about: `${f.source} on ${f.category.replace(/_/g, ' ')}`, sources: f.sources, confidence: f.confidence, occurredAt: f.occurredAt, reportedAt: f.reportedAt, recordedAt: f.recordedAt, historyHref: historyHref('shipment', f.shipmentId) }}
                    label={`${quantity(f.quantity)} according to ${f.source}: sources`}
                  >
                    {quantity(f.quantity)}
                  </Provenance>
                  {f.standing ? <span class="latest-tag">latest</span> : <span class="muted small"> (replaced)</span>}
                  {disputed.has(f) && <span class="disputed-tag">disputed</span>}
                  {f.equivalents.map((e) => (
                    <div key={e.estimateId} class="small equivalent">
                      = {quantity(e.quantity)}
                    </div>
                  ))}
                </td>
                <td>{since(f.countingSince)}</td>
                <td class="mono small">{f.estimateId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Who disputes what: the figure disputed (its source and value), or the claim as a whole. */
function Disputes({ corridor }: { corridor: Corridor }) {
  const figure = (d: Dispute) => corridor.estimates.find((e) => e.shipmentId === d.shipmentId && e.estimateId === d.estimateId);
  return (
    <section>
      <h4>Disputes</h4>
      <ul class="plain">
        {corridor.disputes.map((d, i) => {
          const target = figure(d);
          return (
            <li key={i} class="dispute" data-disputes={d.estimateId ?? 'claim'}>
              <Provenance facts={{ about: `${partyName(d.disputedBy)} disputes ${d.claim}`, sources: d.sources, confidence: d.confidence, occurredAt: d.occurredAt, historyHref: historyHref('shipment', d.shipmentId) }}>
                <strong>{partyName(d.disputedBy)}</strong>
              </Provenance>{' '}
              disputes{' '}
              {target ? (
                <>
                  {target.source}'s figure, <strong>{quantity(target.quantity)}</strong> <span class="mono small muted">({target.estimateId})</span>
                </>
              ) : d.estimateId ? (
                <>
                  the figure <span class="mono small">{d.estimateId}</span> (no longer standing)
                </>
              ) : (
                <>the claim as a whole ({d.claim})</>
              )}
              : {quoted(d.counterClaim)}{d.quantity && <> (about {quantity(d.quantity)})</>} <span class="muted small">{occurred(d.occurredAt)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** What a corridor's chart shows, in a sentence, naming only the marks it has. */
function chartGuide(chart: UnitChart): string {
  const marks = [
    chart.disputes.some((d) => d.figure) && 'a red ring: a disputed figure',
    chart.disputes.some((d) => !d.figure) && 'a dotted red rule: a dispute of the whole claim',
    chart.series.some((s) => s.figures.some((f) => f.equivalents.length > 0)) && '≈: also given in another unit',
  ].filter(Boolean);
  return `Each source's latest count, side by side: figures of different sources or counting starts are never added up. Below, every figure over time, one line per source${marks.length > 0 ? ` (${marks.join('; ')})` : ''}, then what each latest figure counts, from its start.`;
}

function CorridorCard({ corridor, histories }: { corridor: Corridor; histories: ReadonlyMap<string, readonly StoredEvent[]> }) {
  const charts = corridorCharts(corridor, histories);
  const title = `${countryName(corridor.supplier)} → ${countryName(corridor.recipient)}`;
  const id = `corridor-${corridor.supplier}-${corridor.recipient}`;
  const sourceCount = new Set(corridor.totals.map((t) => t.source)).size;
  return (
    <article class="card corridor" aria-labelledby={id} data-corridor={`${corridor.supplier}-${corridor.recipient}`}>
      <header class="card-header">
        <div>
          <h3 id={id}>{title}</h3>
          <p class="muted small">
            {day(corridor.period.from, corridor.period.from.length === 4 ? 'year' : corridor.period.from.length === 7 ? 'month' : 'day')} – {day(corridor.period.to)} · {corridor.counts.shipments}{' '}
            {corridor.counts.shipments === 1 ? 'shipment' : 'shipments'}
            {corridor.counts.retractedShipments > 0 && `, ${corridor.counts.retractedShipments} retracted`}
            {corridor.truncated && ` (listed: the ${corridor.shipmentIds.length} recorded last)`} · {sourceCount} {sourceCount === 1 ? 'source' : 'sources'}
          </p>
        </div>
        <span>
          {corridor.confidence.map((c) => (
            <ConfidenceBadge key={c} confidence={c} />
          ))}
        </span>
      </header>
      {charts.map((chart) => (
        <figure key={chart.unit} class="chart-figure" data-unit={chart.unit}>
          <figcaption>
            <span class="chart-title">{capitalised(chart.unit)}</span>
            <span class="muted small"> {chartGuide(chart)}</span>
          </figcaption>
          <Totals corridor={corridor} chart={chart} />
          <CorridorChart chart={chart} supplier={corridor.supplier} recipient={corridor.recipient} />
          <Legend chart={chart} />
          <FiguresTable chart={chart} />
        </figure>
      ))}
      {corridor.disputes.length > 0 && <Disputes corridor={corridor} />}
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
  const corridors = useResource(`/corridors${query(asOf ? { asOf, limit: 200 } : { minPosition: moved || undefined, limit: 200 })}`, asOf ? 0 : moved, (path, signal) =>
    getPages<Corridors>(path, (all, page) => ({ ...all, corridors: [...all.corridors, ...page.corridors] }), signal),
  );
  // The charts plot each figure over time from its shipment's history: those of the shipments listed, up to a bound.
  const ids = corridors.data?.corridors.flatMap((c) => c.shipmentIds).slice(0, MAX_HISTORIES) ?? [];
  const histories = useHistories(ids, asOf, asOf ? 0 : moved);
  return (
    <section aria-labelledby="corridors-title" aria-busy={corridors.loading}>
      <div class="view-header">
        <h2 id="corridors-title">Corridors</h2>
        <p class="muted">What went from whom to whom: each source's estimates over time, the disputes, the routes.</p>
      </div>
      <TimeTravel what="the corridors" asOf={asOf} position={corridors.data?.position} onChange={(value) => setParams(route, { asOf: value })} />
      <LoadError error={corridors.error} what="Could not load the corridors" />
      {corridors.data && corridors.data.corridors.length === 0 && <p class="empty">No shipment reported{asOf ? ' by then' : ' yet'}.</p>}
      <div class="corridors">
        {corridors.data?.corridors.map((c) => (
          <CorridorCard key={`${c.supplier}-${c.recipient}`} corridor={c} histories={histories} />
        ))}
      </div>
      {corridors.data?.more && <p class="muted">The first {corridors.data.corridors.length} corridors; the rest are in the API, a page at a time (GET /corridors).</p>}
    </section>
  );
}
