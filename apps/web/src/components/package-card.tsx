import type { Amount, AidRequest, BillStatusView, Component, LegislativeAction, Package, Position, Source } from '../api/types';
import { chamberPath } from '../model/chamber-path';
import { capitalised, countryName, exactMoney, instant, money, occurred, partyName, words } from '../model/format';
import { stageRows } from '../model/stages';
import { ChamberPath } from './chamber-path';
import { ConfidenceBadge, Provenance } from './provenance';

export const historyHref = (streamType: 'package' | 'aid-request' | 'shipment', id: string) => `#/history/${streamType}-${encodeURIComponent(id)}`;

export function StatusBadge({ status }: { status: string }) {
  return <span class={`status status-${status}`}>{words(status)}</span>;
}

/** Provenance of an amount on the board: the requests and components whose lines add up to it. */
function amountFacts(pkg: Package, amount: Amount) {
  const requests = pkg.aidRequests.filter((r) => r.lines.some((l) => l.recipient === amount.recipient && l.amount.currency === amount.currency));
  const components = pkg.components.filter((c) => c.recipient === amount.recipient && c.amount?.currency === amount.currency);
  const sources: Source[] = requests.flatMap((r) => r.sources);
  return {
    about: `${countryName(amount.recipient)}${amount.purpose ? ` (${amount.purpose})` : ''} in ${pkg.title ?? pkg.id}`,
    sources,
    confidence: [...new Set(requests.map((r) => r.confidence))],
    occurredAt: requests[0]?.occurredAt,
    recordedAt: requests[0]?.lastAction.recordedAt,
    notes: [
      `exact: ${exactMoney(amount.amount, amount.currency)}`,
      ...requests.flatMap((r) =>
        r.lines
          .filter((l) => l.recipient === amount.recipient && l.amount.currency === amount.currency)
          .map((l) => `from aid request ${r.id} (${r.requester}, ${l.purpose}): ${exactMoney(l.amount.amount, l.amount.currency)}`),
      ),
      ...components.map((c) => `from component ${c.description}: ${c.amount ? exactMoney(c.amount.amount, c.amount.currency) : ''}`),
    ],
    historyHref: historyHref('package', pkg.id),
  };
}

function Amounts({ pkg }: { pkg: Package }) {
  const stages = stageRows(pkg);
  if (pkg.amountsByRecipient.length === 0 && stages.length === 0) {
    return <p class="muted">No amounts yet{pkg.pendingAidRequestIds.length > 0 ? ` (waiting for ${pkg.pendingAidRequestIds.join(', ')})` : ''}.</p>;
  }
  return (
    <>
      {pkg.amountsByRecipient.length > 0 && (
        <table class="amounts">
          <caption>Amounts by recipient</caption>
          <thead>
            <tr>
              <th scope="col">Recipient</th>
              <th scope="col" class="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {pkg.amountsByRecipient.map((a) => (
              <tr key={`${a.recipient}-${a.currency}`}>
                <th scope="row">{countryName(a.recipient)}</th>
                <td class="num">
                  <Provenance facts={amountFacts(pkg, a)} label={`${money(a.amount, a.currency)} for ${countryName(a.recipient)}: sources`}>
                    {money(a.amount, a.currency)}
                  </Provenance>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {stages.length > 0 && (
        <table class="amounts stages">
          <caption>Amounts by stage</caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Recipient</th>
              <th scope="col" class="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {stages.map((row, i) => (
              <tr key={i}>
                <th scope="row">{capitalised(row.stage)}</th>
                <td>{row.recipient ? countryName(row.recipient) : 'all'}</td>
                <td class="num">
                  <Provenance
                    facts={{
                      about: `${capitalised(row.stage)}${row.recipient ? `, ${countryName(row.recipient)}` : ''}`,
                      sources: row.source.sources,
                      confidence: row.source.confidence,
                      occurredAt: row.source.occurredAt,
                      notes: [`exact: ${exactMoney(row.amount, row.currency)}`],
                      historyHref: historyHref('package', pkg.id),
                    }}
                  >
                    {money(row.amount, row.currency)}
                  </Provenance>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function RequestItem({ request }: { request: AidRequest }) {
  return (
    <li class="request">
      <div class="row">
        <a href={historyHref('aid-request', request.id)} class="mono" title="History of this aid request">
          {request.id}
        </a>
        <StatusBadge status={request.contested && request.status === 'bundled' ? 'contested' : request.status} />
        <Provenance
          facts={{
            about: `${request.requester} asks ${request.addressee}`,
            sources: request.sources,
            confidence: request.confidence,
            occurredAt: request.occurredAt,
            recordedAt: request.lastAction.recordedAt,
            notes: [`exact: ${exactMoney(request.total.amount, request.total.currency)}`, ...request.lines.map((l) => `${countryName(l.recipient)}, ${l.purpose}: ${exactMoney(l.amount.amount, l.amount.currency)}`)],
            historyHref: historyHref('aid-request', request.id),
          }}
          label={`${money(request.total.amount, request.total.currency)} requested: sources`}
        >
          {money(request.total.amount, request.total.currency)}
        </Provenance>
      </div>
      <div class="muted small">
        {request.requester} → {request.addressee}, {occurred(request.occurredAt)} · for {[...new Set(request.lines.map((l) => countryName(l.recipient)))].join(', ')}
      </div>
    </li>
  );
}

function ComponentItem({ component, floated }: { component: Component; floated: boolean }) {
  return (
    <li>
      <span>{component.description}</span>
      {component.recipient && <span class="muted"> · {countryName(component.recipient)}</span>}
      {component.amount && <span> · {money(component.amount.amount, component.amount.currency)}</span>}
      {floated && component.proposedBy && (
        <span class="muted small">
          {' '}
          · floated by {partyName(component.proposedBy)}
          {component.occurredAt && `, ${occurred(component.occurredAt)}`}
        </span>
      )}
    </li>
  );
}

const STANCE_WORDS: Record<string, string> = { supports: 'supports', opposes: 'opposes', sets_conditions: 'sets conditions', undecided: 'undecided' };

export function PositionItem({ position }: { position: Position }) {
  return (
    <li class="position">
      <div class="row">
        <strong>{partyName(position.actor)}</strong>
        <Provenance
          facts={{
            about: `${partyName(position.actor)} ${STANCE_WORDS[position.stance] ?? words(position.stance)}${position.aidRequestId ? ` on ${position.aidRequestId}` : ''}`,
            sources: position.sources,
            occurredAt: position.occurredAt,
            notes: position.from ? [`carried over from ${position.from}`] : [],
            historyHref: position.aidRequestId ? historyHref('aid-request', position.aidRequestId) : undefined,
          }}
          label={`${partyName(position.actor)} ${STANCE_WORDS[position.stance] ?? position.stance}: sources`}
        >
          <span class={`stance stance-${position.stance}`}>{STANCE_WORDS[position.stance] ?? words(position.stance)}</span>
        </Provenance>
        <span class="muted small">{occurred(position.occurredAt)}</span>
      </div>
      {position.conditions.length > 0 && <div class="small">Conditions: {position.conditions.join('; ')}</div>}
      {position.quote && <blockquote class="small">“{position.quote}”</blockquote>}
    </li>
  );
}

function ActionRow({ action }: { action: LegislativeAction }) {
  return (
    <li>
      <span class="muted small">{occurred(action.occurredAt)}</span> {capitalised(action.chamber)} {words(action.action)}
      {action.vote && (
        <>
          {' '}
          <strong>
            {action.vote.yea}-{action.vote.nay}
          </strong>
        </>
      )}
      <span class="muted small"> · {action.bill}</span>
      {action.amount && <span> · {money(action.amount.amount, action.amount.currency)}</span>}
      {action.note && <span class="muted small"> · {action.note}</span>}
    </li>
  );
}

function billName(view: BillStatusView): string {
  if (view.label) return view.label;
  if (typeof view.bill === 'string') return view.bill;
  return view.bill?.label ?? 'bill';
}

/** One package on the board: everything about it in one place, so the board can grow here. */
export function PackageCard({ pkg }: { pkg: Package }) {
  const steps = chamberPath({ status: pkg.status, bill: pkg.bill, actions: pkg.actions, holdsAid: pkg.aidRequests.length + pkg.pendingAidRequestIds.length + pkg.components.length > 0 });
  const titleId = `package-${pkg.id}`;
  return (
    <article class="card package" aria-labelledby={titleId} data-package={pkg.id}>
      <header class="card-header">
        <div>
          <h3 id={titleId}>{pkg.title ?? pkg.id}</h3>
          <p class="muted small">
            <span class="mono">{pkg.id}</span>
            {pkg.sponsor && <> · sponsored by {pkg.sponsor}</>}
          </p>
        </div>
        <StatusBadge status={pkg.status} />
      </header>
      {pkg.rationale && <p class="rationale">{pkg.rationale}</p>}

      <ChamberPath steps={steps} label={`Path of ${pkg.title ?? pkg.id} through the chambers`} />

      <div class="card-grid">
        <section aria-label="Amounts">
          <Amounts pkg={pkg} />
        </section>

        <section>
          <h4>Bills</h4>
          {pkg.bills && pkg.bills.length > 0 ? (
            <ul class="plain">
              {pkg.bills.map((b) => (
                <li key={billName(b)}>
                  {billName(b)} <StatusBadge status={b.status} />
                  {b.current && <span class="muted small"> (carries it now)</span>}
                </li>
              ))}
            </ul>
          ) : pkg.bill ? (
            <p>
              Carried by <strong>{pkg.bill.label}</strong>
              {pkg.lawNumber && <> · Public Law {pkg.lawNumber}</>}
            </p>
          ) : (
            <p class="muted">No bill carries it yet.</p>
          )}
          {pkg.actions.length > 0 && (
            <ul class="plain actions" aria-label="Legislative record">
              {pkg.actions.map((a, i) => (
                <ActionRow key={i} action={a} />
              ))}
            </ul>
          )}
        </section>

        <section>
          <h4>Aid requests</h4>
          {pkg.aidRequests.length === 0 && pkg.pendingAidRequestIds.length === 0 ? (
            <p class="muted">None bundled.</p>
          ) : (
            <ul class="plain">
              {pkg.aidRequests.map((r) => (
                <RequestItem key={r.id} request={r} />
              ))}
              {pkg.pendingAidRequestIds.map((id) => (
                <li key={id} class="muted">
                  {id} (not yet on the board)
                </li>
              ))}
            </ul>
          )}
          {pkg.components.length > 0 && (
            <>
              <h5>Components</h5>
              <ul class="plain">
                {pkg.components.map((c) => (
                  <ComponentItem key={c.componentId} component={c} floated={false} />
                ))}
              </ul>
            </>
          )}
          {pkg.proposedAdditions.length > 0 && (
            <>
              <h5>Floated, not in</h5>
              <ul class="plain">
                {pkg.proposedAdditions.map((c) => (
                  <ComponentItem key={c.componentId} component={c} floated />
                ))}
              </ul>
            </>
          )}
        </section>

        <section>
          <h4>Positions</h4>
          {pkg.positions.length === 0 ? (
            <p class="muted">No positions recorded.</p>
          ) : (
            <ul class="plain">
              {pkg.positions.map((p, i) => (
                <PositionItem key={i} position={p} />
              ))}
            </ul>
          )}
        </section>
      </div>

      <footer class="card-footer">
        <p class="last-action">
          <span class="muted">Last action:</span> {pkg.lastAction.summary}, <time dateTime={pkg.lastAction.occurredAt.from}>{occurred(pkg.lastAction.occurredAt)}</time>
          <span class="muted small"> (recorded {instant(pkg.lastAction.recordedAt)})</span>
        </p>
        <p class="history-links small">
          History: <a href={historyHref('package', pkg.id)}>package</a>
          {pkg.aidRequests.map((r) => (
            <span key={r.id}>
              {' · '}
              <a href={historyHref('aid-request', r.id)}>{r.id}</a>
            </span>
          ))}
        </p>
      </footer>
    </article>
  );
}

/** An aid request that no package holds, with its positions. */
export function UnbundledRequest({ request }: { request: AidRequest }) {
  const positions = [...(request.carriedPositions ?? []), ...request.positions].map((p) => ({ ...p, aidRequestId: request.id }));
  return (
    <article class="card request-card" aria-label={`Aid request ${request.id}`}>
      <ul class="plain">
        <RequestItem request={request} />
      </ul>
      {positions.length > 0 && (
        <ul class="plain">
          {positions.map((p, i) => (
            <PositionItem key={i} position={p} />
          ))}
        </ul>
      )}
      <p class="small muted">
        Last action: {request.lastAction.summary}, {occurred(request.lastAction.occurredAt)} · <ConfidenceBadge confidence={request.confidence} />
      </p>
    </article>
  );
}
