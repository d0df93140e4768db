import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Confidence, OccurredAt, Source } from '../api/types';
import { day, instant, occurred, words } from '../model/format';

export interface ProvenanceFacts {
  /** What the figure is, in a few words: "Ukraine, requested by the President". */
  readonly about?: string;
  readonly sources?: readonly Source[];
  readonly confidence?: Confidence | readonly Confidence[];
  readonly occurredAt?: OccurredAt;
  readonly reportedAt?: string | null;
  readonly recordedAt?: string | null;
  /** Further lines: "exact: USD 24,000,000,000", "from aid request ua-24b". */
  readonly notes?: readonly string[];
  /** Where the whole history behind the figure is. */
  readonly historyHref?: string;
}

export function ConfidenceBadge({ confidence }: { confidence: Confidence }) {
  return <span class={`confidence confidence-${confidence}`}>{confidence}</span>;
}

function SourceLine({ source }: { source: Source }) {
  const name = source.url ? (
    <a href={source.url} rel="noreferrer noopener" target="_blank">
      {source.publisher}
    </a>
  ) : (
    source.publisher
  );
  return (
    <li>
      <strong>{name}</strong>
      {source.attributedTo && <span>, {source.attributedTo}</span>}
      {source.sourceClass && <span class="muted"> ({words(source.sourceClass)})</span>}
      {source.publishedAt && <span class="muted">, published {day(source.publishedAt)}</span>}
      {source.basis && <div class="muted">basis: {source.basis}</div>}
      {source.evidence && <div class="muted">evidence: {source.evidence}</div>}
    </li>
  );
}

/** The sources, confidence and dates behind a figure, as a definition list. */
export function ProvenanceCard({ facts }: { facts: ProvenanceFacts }) {
  const confidences = facts.confidence === undefined ? [] : Array.isArray(facts.confidence) ? facts.confidence : [facts.confidence as Confidence];
  return (
    <div class="provenance-card">
      {facts.about && <p class="provenance-about">{facts.about}</p>}
      <dl>
        {facts.sources && facts.sources.length > 0 && (
          <>
            <dt>{facts.sources.length === 1 ? 'Source' : 'Sources'}</dt>
            <dd>
              <ul class="sources">
                {facts.sources.map((s, i) => (
                  <SourceLine key={i} source={s} />
                ))}
              </ul>
            </dd>
          </>
        )}
        {confidences.length > 0 && (
          <>
            <dt>Confidence</dt>
            <dd>
              {confidences.map((c) => (
                <ConfidenceBadge key={c} confidence={c} />
              ))}
            </dd>
          </>
        )}
        {facts.occurredAt && (
          <>
            <dt>Happened</dt>
            <dd>{occurred(facts.occurredAt)}</dd>
          </>
        )}
        {facts.reportedAt && (
          <>
            <dt>Reported</dt>
            <dd>{day(facts.reportedAt)}</dd>
          </>
        )}
        {facts.recordedAt && (
          <>
            <dt>Recorded</dt>
            <dd>{instant(facts.recordedAt)}</dd>
          </>
        )}
      </dl>
      {facts.notes?.map((n) => (
        <p key={n} class="muted">
          {n}
        </p>
      ))}
      {facts.historyHref && (
        <p>
          <a href={facts.historyHref}>Full history</a>
        </p>
      )}
    </div>
  );
}

/**
 * A figure with its provenance: hovering or focusing it shows where it comes from, clicking
 * (or Enter) pins the card open until Escape, a click elsewhere or another click.
 */
export function Provenance({ facts, children, label }: { facts: ProvenanceFacts; children: ComponentChildren; label?: string }) {
  const [pinned, setPinned] = useState(false);
  const [hovered, setHovered] = useState(false);
  const id = useId();
  const root = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!pinned) return;
    const away = (event: Event) => root.current && !root.current.contains(event.target as Node) && setPinned(false);
    const escape = (event: KeyboardEvent) => event.key === 'Escape' && setPinned(false);
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', escape);
    };
  }, [pinned]);
  const open = pinned || hovered;
  return (
    <span class="provenance" ref={root} onMouseEnter={() => setHovered(true)} onMouseLeave={() => setHovered(false)}>
      <button
        type="button"
        class="figure"
        aria-expanded={open}
        aria-controls={id}
        aria-label={label}
        title="Sources, confidence and dates"
        onClick={() => setPinned((p) => !p)}
        onFocus={() => setHovered(true)}
        onBlur={() => setHovered(false)}
      >
        {children}
      </button>
      <span id={id} role="note" class="provenance-popover" hidden={!open}>
        {open && <ProvenanceCard facts={facts} />}
      </span>
    </span>
  );
}
