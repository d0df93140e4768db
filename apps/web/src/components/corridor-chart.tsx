import * as Plot from '@observablehq/plot';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { UnitChart } from '../model/corridor-series';
import { countryName, day, partyName, quantity } from '../model/format';

/** Distinct, dark enough on white for lines and text (WCAG 3:1 for graphics at least). */
export const colourOf = (chart: UnitChart, source: string) => SERIES_COLOURS[Math.max(0, chart.sources.indexOf(source)) % SERIES_COLOURS.length];

export const SERIES_COLOURS = ['#1d4ed8', '#c2410c', '#047857', '#7c3aed', '#a16207', '#be185d', '#0f766e', '#4b5563'];
const DISPUTE = '#b91c1c';

const DAY_MS = 86_400_000;

/**
 * Each source's figures over time as an SVG chart (Observable Plot): one line per source, a
 * dashed rule where its counting starts, a red ring around each disputed figure. The SVG carries an
 * accessible name and description; the table beside it holds the same figures as text.
 */
export function CorridorChart({ chart, supplier, recipient }: { chart: UnitChart; supplier: string; recipient: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(280, Math.floor(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const sources = chart.series.map((s) => s.source);
    const colours = chart.sources.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length] as string);
    const figures = chart.series.flatMap((s) => s.figures.map((f) => ({ ...f, when: new Date(f.date) })));
    const counting = chart.series.flatMap((s, i) => s.countingSince.map((date) => ({ source: s.source, when: new Date(date), row: i, label: `${s.source} counts from ${day(date)}` })));
    const disputes = chart.disputes.map((d) => ({
      source: d.figure.source,
      when: new Date(d.figure.date),
      value: d.figure.value,
      label: `disputed by ${partyName(d.dispute.disputedBy)}`,
      title: `${partyName(d.dispute.disputedBy)} disputes ${d.dispute.claim}: “${d.dispute.counterClaim}” (${day(d.dispute.occurredAt.from)})`,
    }));
    const times = [...figures, ...counting, ...disputes].map((d) => d.when.getTime());
    const from = Math.min(...times);
    const to = Math.max(...times);
    const pad = Math.max(3 * DAY_MS, (to - from) * 0.08);
    const narrow = width < 520;
    const svg = Plot.plot({
      width,
      height: narrow ? 230 : 280,
      marginLeft: 56,
      marginRight: 24,
      marginTop: 20,
      style: { fontSize: '13px', fontFamily: 'inherit', overflow: 'visible' },
      ariaLabel: `${chart.unit} from ${countryName(supplier)} to ${countryName(recipient)}: ${sources.length} ${sources.length === 1 ? 'source' : 'sources'}, one line each`,
      ariaDescription: chart.series.map((s) => `${s.source}: ${s.figures.map((f) => `${quantity(f.quantity)} on ${day(f.date)}`).join(', ')}`).join('. '),
      x: { type: 'utc', domain: [new Date(from - pad), new Date(to + pad)], label: null, ticks: narrow ? 3 : 6 },
      y: { label: chart.unit, grid: true, zero: true, nice: true, tickFormat: '~s' },
      color: { domain: chart.sources, range: colours },
      marks: [
        Plot.ruleY([0], { stroke: '#9ca3af' }),
        Plot.ruleX(counting, { x: 'when', stroke: 'source', strokeDasharray: '5 4', strokeWidth: 1.5, ariaDescription: 'counting starts', ariaLabel: 'label', title: 'label' }),
        // Each source's label on a row of its own, so that close starts do not overprint.
        ...counting.map((c) =>
          Plot.text([c], { x: 'when', text: () => (narrow ? 'start' : 'counting starts'), frameAnchor: 'top', dy: 4 + 15 * c.row, textAnchor: 'start', dx: 4, fill: 'source', ariaHidden: 'true' }),
        ),
        Plot.line(figures, { x: 'when', y: 'value', z: 'source', stroke: 'source', strokeWidth: 2.5, ariaDescription: 'estimates', ariaLabel: (f: (typeof figures)[number]) => `${f.source}: estimates`, title: 'source' }),
        Plot.dot(figures, {
          x: 'when',
          y: 'value',
          fill: 'source',
          stroke: 'white',
          strokeWidth: 1.5,
          r: 5.5,
          ariaDescription: 'figures',
          ariaLabel: (f: (typeof figures)[number]) => `${f.source}: ${quantity(f.quantity)} on ${day(f.date)}`,
          title: (f: (typeof figures)[number]) => `${f.source}: ${quantity(f.quantity)} (${day(f.date)}, ${f.confidence})`,
          tip: true,
        }),
        Plot.dot(disputes, { x: 'when', y: 'value', stroke: DISPUTE, fill: 'none', strokeWidth: 2.5, r: 10, ariaDescription: 'disputes', ariaLabel: 'title', title: 'title' }),
        Plot.text(disputes, { x: 'when', y: 'value', text: 'label', dy: 22, fill: DISPUTE, fontWeight: 600, ariaHidden: 'true' }),
      ],
    });
    element.replaceChildren(svg);
    return () => svg.remove();
  }, [chart, width, supplier, recipient]);

  return <div class="chart" ref={host} />;
}
