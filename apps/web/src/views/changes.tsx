import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { query } from '../api/client';
import type { BoardChange, BoardChanges } from '../api/types';
import { useResource } from '../api/use-resource';
import { actionWords, historyHref, StatusBadge } from '../components/package-card';
import { procedureText, tally } from '../model/chamber-path';
import { Provenance } from '../components/provenance';
import { useLive } from '../live';
import { capitalised, countryName, exactMoney, fromLocalInput, instant, money, moneyOf, occurred, partyName, toLocalInput, words } from '../model/format';
import { type Route, setParams } from '../router';
import { LoadError } from '../components/load-error';

const HOUR = 3_600_000;
const PRESETS: [string, number][] = [
  ['Last hour', HOUR],
  ['Last day', 24 * HOUR],
  ['Last week', 7 * 24 * HOUR],
  ['Everything', Number.POSITIVE_INFINITY],
];

const pkgLink = (id: string) => (
  <a href={historyHref('package', id)} class="mono">
    {id}
  </a>
);

function describe(change: BoardChange): { icon: string; text: ComponentChildren } {
  switch (change.kind) {
    case 'package-added':
      return { icon: '+', text: <>New package {pkgLink(change.packageId)}: {change.title ?? ''} <StatusBadge status={change.status} /></> };
    case 'aid-request-added':
      return {
        icon: '+',
        text: (
          <>
            New aid request <a href={historyHref('aid-request', change.aidRequestId)} class="mono">{change.aidRequestId}</a> for {moneyOf(change.total)}
            {change.packageId && <> in {pkgLink(change.packageId)}</>} <StatusBadge status={change.status} />
          </>
        ),
      };
    case 'status-changed':
      return {
        icon: '→',
        text: (
          <>
            {change.subject === 'package' ? 'Package' : 'Aid request'} <a href={historyHref(change.subject, change.id)} class="mono">{change.id}</a>: <StatusBadge status={change.from} /> → <StatusBadge status={change.to} />
          </>
        ),
      };
    case 'bill-changed':
      return { icon: '§', text: <>{pkgLink(change.packageId)} {change.to ? <>now carried by <strong>{change.to}</strong></> : 'no longer on a bill'}{change.from && <> (was {change.from})</>}</> };
    case 'amount-changed':
      return {
        icon: '$',
        text: (
          <>
            {pkgLink(change.packageId)}: {countryName(change.recipient)} {change.from ? money(change.from, change.currency) : 'nothing'} → <strong>{change.to ? money(change.to, change.currency) : 'nothing'}</strong>
            <span class="muted small"> ({change.to ? exactMoney(change.to, change.currency) : 'removed'})</span>
          </>
        ),
      };
    case 'action-recorded':
      return {
        icon: '⚖',
        text: (
          <>
            {pkgLink(change.packageId)}:{' '}
            {change.action.procedure ? (
              <>
                <span class="procedure-tag">procedure</span> {capitalised(change.action.chamber)}: {procedureText(change.action)}
              </>
            ) : (
              <>
                {capitalised(change.action.chamber)} {actionWords(change.action.action)}
                {tally(change.action) && <strong> {tally(change.action)}</strong>}
                {change.action.lawNumber && <> (Public Law {change.action.lawNumber})</>}
              </>
            )}{' '}
            on {change.action.bill}, {occurred(change.action.occurredAt)}
          </>
        ),
      };
    case 'position-recorded':
      return {
        icon: '“',
        text: (
          <>
            <Provenance facts={{ about: `${partyName(change.position.actor)} on ${change.aidRequestId}`, sources: change.position.sources, occurredAt: change.position.occurredAt, historyHref: historyHref('aid-request', change.aidRequestId) }}>
              <strong>{partyName(change.position.actor)}</strong> {words(change.position.stance)}
            </Provenance>{' '}
            on <a href={historyHref('aid-request', change.aidRequestId)} class="mono">{change.aidRequestId}</a>, {occurred(change.position.occurredAt)}
            {change.position.conditions.length > 0 && <span class="muted small"> · {change.position.conditions.join('; ')}</span>}
          </>
        ),
      };
  }
}

/** What changed on the board between two recorded times (GET /negotiations/changes). */
export function ChangesView({ route }: { route: Route }) {
  const [now] = useState(() => new Date());
  const from = route.params.get('from') ?? new Date(now.getTime() - 24 * HOUR).toISOString();
  const to = route.params.get('to') ?? undefined;
  const { seen } = useLive();
  const moved = to ? 0 : Math.max(seen['package'] ?? 0, seen['aid-request'] ?? 0);
  const changes = useResource<BoardChanges>(`/negotiations/changes${query({ from, to })}`, moved);
  const set = (key: 'from' | 'to', value: string) => {
    const iso = fromLocalInput(value);
    if (iso || key === 'to') setParams(route, { [key]: iso ?? undefined });
  };
  return (
    <section aria-labelledby="changes-title" aria-busy={changes.loading}>
      <div class="view-header">
        <h2 id="changes-title">What changed</h2>
        <p class="muted">The negotiations board at one recorded time against another: new packages and requests, status changes, amounts, votes and positions.</p>
      </div>
      <form class="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="The two times to compare">
        <label>
          From
          <input name="from" type="datetime-local" step={1} value={toLocalInput(from)} onChange={(e) => set('from', e.currentTarget.value)} />
        </label>
        <label>
          To
          <input name="to" type="datetime-local" step={1} value={to ? toLocalInput(to) : ''} onChange={(e) => set('to', e.currentTarget.value)} />
        </label>
        <span class="presets">
          {PRESETS.map(([label, span]) => (
            <button
              key={label}
              type="button"
              onClick={() => setParams(route, { from: new Date(Number.isFinite(span) ? Date.now() - span : 0).toISOString(), to: undefined })}
            >
              {label}
            </button>
          ))}
        </span>
      </form>
      <LoadError error={changes.error} what="Could not compare" />
      {changes.data && (
        <>
          <p class="muted" role="status">
            From {instant(changes.data.from.asOf)} (position {changes.data.from.position}) to {to ? instant(changes.data.to.asOf) : 'now'} (position {changes.data.to.position}):{' '}
            <strong>
              {changes.data.changes.length} {changes.data.changes.length === 1 ? 'change' : 'changes'}
            </strong>
          </p>
          {changes.data.changes.length === 0 ? (
            <p class="empty">Nothing changed on the board in that time.</p>
          ) : (
            <ul class="changes plain">
              {changes.data.changes.map((change, i) => {
                const { icon, text } = describe(change);
                return (
                  <li key={i} class={`change change-${change.kind}`}>
                    <span class="change-icon" aria-hidden="true">
                      {icon}
                    </span>
                    <span>{text}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
