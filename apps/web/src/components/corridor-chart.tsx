import * as Plot from '@observablehq/plot';
import { useEffect, useRef, useState } from 'preact/hooks';
import { firstDay, type Figure, lastDay, type UnitChart } from '../model/corridor-series';
import { countryName, day, partyName, quantity, since } from '../model/format';

/** Distinct, dark enough on white for lines and text (WCAG 3:1 for graphics at least). */
export const SERIES_COLOURS = ['#1d4ed8', '#c2410c', '#047857', '#7c3aed', '#a16207', '#be185d', '#0f766e', '#4b5563'];
export const colourOf = (chart: UnitChart, source: string) => SERIES_COLOURS[Math.max(0, chart.sources.indexOf(source)) % SERIES_COLOURS.length] as string;
const DISPUTE = '#b91c1c';

const DAY_MS = 86_400_000;
const utc = (date: string) => new Date(`${date.slice(0, 10)}T00:00:00Z`);

/** A figure in words, with what it restates as: "at least 13,000 containers (= at least 6,000,000 152mm artillery shells)". */
export function figureWords(f: Figure): string {
  return `${quantity(f.quantity)}${f.equivalents.length > 0 ? ` (${f.equivalents.map((e) => `= ${quantity(e.quantity)}`).join('; ')})` : ''}`;
}

/** The width of the element, followed as it changes. */
function useWidth(host: { current: HTMLElement | null }): number {
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(280, Math.floor(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return width;
}

/**
 * Each source's figures over time as SVG charts (Observable Plot): above, one line per source with
 * a red ring around each disputed figure (a dotted red rule for a dispute of the claim as a whole)
 * and "≈" by a figure restated in another unit; below, one lane per source: the period its
 * latest figure counts, from its counting start (a paler span for a start known only to the month
 * or year) to the date it was given, and a tick at each start it counted from. Both SVGs carry an
 * accessible name and description; the table beside them holds the same figures as text.
 */
export function CorridorChart({ chart, supplier, recipient }: { chart: UnitChart; supplier: string; recipient: string }) {
  const host = useRef<HTMLDivElement>(null);
  const width = useWidth(host);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const sources = chart.series.map((s) => s.source);
    const colours = chart.sources.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length] as string);
    const figures = chart.series.flatMap((s) => s.figures.map((f) => ({ ...f, when: utc(f.date) })));
    const onFigure = chart.disputes.flatMap((d) =>
      d.figure
        ? [
            {
              source: d.figure.source,
              when: utc(d.figure.date),
              value: d.figure.value,
              label: `disputed by ${d.dispute.disputedBy.name ?? partyName(d.dispute.disputedBy)}`,
              title: `${partyName(d.dispute.disputedBy)} disputes ${d.figure.source}'s ${quantity(d.figure.quantity)}: “${d.dispute.counterClaim}” (${day(d.dispute.occurredAt.from)})`,
            },
          ]
        : [],
    );
    const onClaim = chart.disputes.flatMap((d) =>
      d.figure
        ? []
        : [
            {
              when: utc(d.dispute.occurredAt.from),
              label: `${d.dispute.disputedBy.name ?? partyName(d.dispute.disputedBy)} denies the claim`,
              title: `${partyName(d.dispute.disputedBy)} disputes the claim as a whole (${d.dispute.claim}): “${d.dispute.counterClaim}” (${day(d.dispute.occurredAt.from)})`,
            },
          ],
    );
    // What each source's latest figure counts, and every start it counted from.
    const lanes = chart.series.flatMap((s) =>
      s.latest.flatMap((f) => {
        if (!f.countingSince) return [];
        const exact = f.countingSince.length >= 10;
        const certain = exact ? utc(f.countingSince) : new Date(utc(lastDay(f.countingSince)).getTime() + DAY_MS);
        return [
          ...(exact ? [] : [{ source: s.source, x1: utc(firstDay(f.countingSince)), x2: certain, vague: true }]),
          { source: s.source, x1: certain, x2: utc(f.date), vague: false },
        ];
      }),
    );
    const starts = chart.series.flatMap((s) =>
      s.countingSince.map((date) => ({ source: s.source, when: utc(firstDay(date)), label: `${s.source} counts ${since(date)}` })),
    );
    const times = [...figures.map((f) => f.when), ...lanes.map((l) => l.x1)].map((d) => d.getTime());
    const from = Math.min(...times);
    const to = Math.max(...times);
    // A dispute of the claim as a whole is drawn where it falls within the figures' span; it never widens it.
    const claims = onClaim.filter((d) => d.when.getTime() >= from && d.when.getTime() <= to);
    const pad = Math.max(5 * DAY_MS, (to - from) * 0.05);
    const narrow = width < 520;
    const x = { type: 'utc' as const, domain: [new Date(from - pad), new Date(to + pad)], label: null, ticks: narrow ? 4 : 8 };
    const margins = { marginLeft: narrow ? 40 : 52, marginRight: narrow ? 12 : 20 };
    const colour = { domain: chart.sources as string[], range: colours };

    const figuresSvg = Plot.plot({
      width,
      height: narrow ? 240 : 300,
      ...margins,
      marginTop: claims.length > 0 ? 34 : 20,
      style: { fontSize: '13px', fontFamily: 'inherit', overflow: 'visible' },
      ariaLabel: `${chart.unit} from ${countryName(supplier)} to ${countryName(recipient)}: ${sources.length} ${sources.length === 1 ? 'source' : 'sources'}, one line each`,
      ariaDescription: chart.series.map((s) => `${s.source}: ${s.figures.map((f) => `${figureWords(f)} on ${day(f.date)}, ${since(f.countingSince)}`).join('; ')}`).join('. '),
      x,
      y: { label: chart.unit, grid: true, domain: [0, Math.max(...figures.map((f) => f.value)) * 1.15], nice: true, tickFormat: '~s' },
      color: colour,
      marks: [
        Plot.ruleY([0], { stroke: '#9ca3af' }),
        Plot.ruleX(claims, { x: 'when', stroke: DISPUTE, strokeDasharray: '2 3', strokeWidth: 1.5, ariaDescription: 'disputes of the claim', ariaLabel: 'title', title: 'title' }),
        Plot.text(claims, { x: 'when', text: 'label', frameAnchor: 'top', dy: -24, textAnchor: 'end', dx: 6, fill: DISPUTE, fontWeight: 600, ariaHidden: 'true' }),
        Plot.line(figures, { x: 'when', y: 'value', z: 'source', stroke: 'source', strokeWidth: 2.5, ariaDescription: 'estimates', ariaLabel: (f: (typeof figures)[number]) => `${f.source}: estimates`, title: 'source' }),
        // Earlier figures a source has since replaced: hollow; each source's latest: filled.
        Plot.dot(
          figures.filter((f) => !f.standing),
          {
            x: 'when',
            y: 'value',
            fill: 'white',
            stroke: 'source',
            strokeWidth: 2,
            r: 4.5,
            ariaDescription: 'figures since replaced',
            ariaLabel: (f: (typeof figures)[number]) => `${f.source}: ${figureWords(f)} on ${day(f.date)}, since replaced`,
            title: (f: (typeof figures)[number]) => `${f.source}: ${figureWords(f)}, ${since(f.countingSince)} (${day(f.date)}, ${f.confidence}; since replaced)`,
          },
        ),
        Plot.dot(
          figures.filter((f) => f.standing),
          {
            x: 'when',
            y: 'value',
            fill: 'source',
            stroke: 'white',
            strokeWidth: 1.5,
            r: 6,
            ariaDescription: 'figures',
            ariaLabel: (f: (typeof figures)[number]) => `${f.source}: ${figureWords(f)} on ${day(f.date)} (its latest)`,
            title: (f: (typeof figures)[number]) => `${f.source}: ${figureWords(f)}, ${since(f.countingSince)} (${day(f.date)}, ${f.confidence}; its latest)`,
          },
        ),
        Plot.text(
          figures.filter((f) => f.equivalents.length > 0),
          { x: 'when', y: 'value', text: () => '≈', dx: 10, dy: -10, fill: 'source', fontSize: 16, fontWeight: 700, ariaDescription: 'equivalents', ariaLabel: (f: (typeof figures)[number]) => `${quantity(f.quantity)} restated as ${f.equivalents.map((e) => quantity(e.quantity)).join('; ')}` },
        ),
        Plot.dot(onFigure, { x: 'when', y: 'value', stroke: DISPUTE, fill: 'none', strokeWidth: 2.5, r: 11, ariaDescription: 'disputes', ariaLabel: 'title', title: 'title' }),
        // The label above the ring, running towards the side with room.
        ...[true, false].map((right) =>
          Plot.text(
            onFigure.filter((d) => d.when.getTime() < (from + to) / 2 === right),
            { x: 'when', y: 'value', text: 'label', dy: -19, dx: right ? -8 : 8, textAnchor: right ? 'start' : 'end', fill: DISPUTE, fontWeight: 600, stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', ariaHidden: 'true' },
          ),
        ),
      ],
    });

    const laneHeight = 40;
    const coverageSvg = Plot.plot({
      width,
      height: 30 + laneHeight * sources.length,
      ...margins,
      marginTop: 16,
      marginBottom: 24,
      style: { fontSize: '12px', fontFamily: 'inherit', overflow: 'visible' },
      ariaLabel: `What each source's latest ${chart.unit} figure counts: from its counting start to the date it was given`,
      ariaDescription: chart.series.map((s) => `${s.source}: ${s.latest.map((f) => `${quantity(f.quantity)} ${since(f.countingSince)}, given ${day(f.date)}`).join('; ')}`).join('. '),
      x,
      y: { domain: sources, axis: null, paddingInner: 0.55, paddingOuter: 0.3 },
      color: colour,
      marks: [
        Plot.barX(lanes, { x1: 'x1', x2: 'x2', y: 'source', fill: 'source', fillOpacity: (l: (typeof lanes)[number]) => (l.vague ? 0.3 : 0.85), ariaDescription: 'periods counted', ariaLabel: (l: (typeof lanes)[number]) => `${l.source}${l.vague ? ': a start known to the month or year' : ''}` }),
        Plot.tickX(starts, { x: 'when', y: 'source', stroke: 'source', strokeWidth: 2.5, ariaDescription: 'counting starts', ariaLabel: 'label', title: 'label' }),
        Plot.text(
          chart.series.map((s) => ({ source: s.source, text: `${s.source} · ${s.countingSince.length > 0 ? s.countingSince.map((d) => since(d)).join(', then ') : 'start unsaid'}` })),
          { x: x.domain[0], y: 'source', text: 'text', textAnchor: 'start', dy: -15, fill: '#1f2937', fontWeight: 600, lineWidth: ((width - margins.marginLeft - margins.marginRight) / 12) * 0.8, textOverflow: 'ellipsis', ariaHidden: 'true' },
        ),
      ],
    });
    element.replaceChildren(figuresSvg, coverageSvg);
    return () => {
      figuresSvg.remove();
      coverageSvg.remove();
    };
  }, [chart, width, supplier, recipient]);

  return <div class="chart" ref={host} />;
}
