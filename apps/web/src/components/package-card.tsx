import type { Amount, AidRequest, BillView, Component, LegislativeAction, Package, PackageAction, Position, StageAmounts } from '../api/types';
import { actionsOf, packageSteps, billSteps, procedureText, tally } from '../model/chamber-path';
import { capitalised, exactMoneyOf, instant, moneyOf, occurred, partyName, recipientKey, recipientName, words } from '../model/format';
import { inCurrency, linesFor, type StageColumn, stageMatrix } from '../model/stages';
import { ChamberPath } from './chamber-path';
import { ConfidenceBadge, Provenance } from './provenance';

export const historyHref = (streamType: 'package' | 'aid-request' | 'shipment', id: string) => `#/history/${streamType}-${encodeURIComponent(id)}`;

export function StatusBadge({ status }: { status: string }) {
  return <span class={`status status-${status}`}>{words(status)}</span>;
}

/** A stage's name for a reader: "Requested", "Enacted (H.R. 7691)", "Budget authority, by Congressional Research Service". */
const stageName = (column: StageColumn) => (column.kind === 'assessment' ? `${column.title}, by ${column.by ?? 'an outside assessor'}` : column.by ? `${column.title} (${column.by})` : column.title);

/** Where a stage's figures come from: its sources, confidence and date, its note. */
function stageFacts(pkg: Package, column: StageColumn, about: string, notes: readonly string[] = []) {
  const { stage } = column;
  return {
    about,
    sources: stage.sources,
    confidence: stage.confidence ?? undefined,
    occurredAt: stage.occurredAt ?? undefined,
    recordedAt: stage.recordedAt,
    notes: [
      ...notes,
      ...(stage.bill ? [`${column.kind === 'version' ? 'version of' : 'on'} ${stage.bill}`] : []),
      ...(column.kind === 'assessment' ? ['an outside assessment: shown beside the stages, never summed'] : []),
      ...(stage.note ? [stage.note] : []),
    ],
    historyHref: historyHref('package', pkg.id),
  };
}

/** Each line behind a cell: "military: about USD 8,700,000,000 (DoD replenishment of U.S. stocks)". */
function lineNotes(stage: StageAmounts, amount: Amount): string[] {
  return linesFor(stage, amount.recipient, amount.currency).map(
    (l) => `${words(l.purpose)}: ${exactMoneyOf(l.amount)}${l.note ? ` (${l.note})` : ''}${l.aidRequestId ? `, from aid request ${l.aidRequestId}` : l.componentId ? `, from component ${l.componentId}` : ''}`,
  );
}

/**
 * The money at every stage side by side: the requests, each bill version recorded, each outside
 * assessment; one row per recipient named at any stage, the lines added up and the totals stated.
 * The column that the amounts by recipient sum is marked.
 */
function StageTable({ pkg }: { pkg: Package }) {
  const matrix = stageMatrix(pkg);
  if (matrix.columns.length === 0) return null;
  const captionId = `stages-${pkg.id}`;
  return (
    <div class="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table class="stages" data-stages={matrix.columns.map((c) => c.stage.stage).join(' ')}>
        <caption id={captionId}>
          Amounts by stage
          {matrix.columns.length > 2 && <span class="scroll-hint">(scroll sideways for every stage)</span>}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="stage-recipient">
              Recipient
            </th>
            {matrix.columns.map((column) => (
              <th key={column.key} scope="col" class={`num stage-col stage-${column.kind}${column.summed ? ' summed' : ''}`} data-stage={column.stage.stage}>
                <span class="stage-title">{column.title}</span>
                {column.by && <span class="stage-by">{column.by}</span>}
                {column.stage.occurredAt && (
                  <span class="stage-date">
                    <Provenance facts={stageFacts(pkg, column, stageName(column))} label={`${stageName(column)}: sources and date`}>
                      {occurred(column.stage.occurredAt)}
                    </Provenance>
                  </span>
                )}
                {column.summed ? <span class="stage-flag summed-flag">summed below</span> : column.kind === 'assessment' ? <span class="stage-flag">not summed</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row" class="stage-recipient">
                {row.label}
              </th>
              {row.cells.map((cell, i) => {
                const column = matrix.columns[i] as StageColumn;
                return (
                  <td key={column.key} class={`num${column.summed ? ' summed' : ''}`}>
                    {cell ? (
                      <Provenance facts={stageFacts(pkg, column, `${row.label}: ${stageName(column)}`, lineNotes(column.stage, cell))} label={`${moneyOf(cell)} for ${row.label}, ${stageName(column)}: sources`}>
                        {moneyOf(cell)}
                      </Provenance>
                    ) : (
                      <span class="muted" title="no line for this recipient at this stage">
                        —
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
          {matrix.currencies.map((currency) => (
            <tr key={`total-${currency}`} class="stage-total">
              <th scope="row" class="stage-recipient">
                Lines added up{matrix.currencies.length > 1 ? ` (${currency})` : ''}</th>
              {matrix.columns.map((column) => {
                const total = inCurrency(column.stage.totals, currency);
                return (
                  <td key={column.key} class={`num${column.summed ? ' summed' : ''}`}>
                    {total ? moneyOf(total) : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
          {matrix.columns.some((c) => c.stage.statedTotals.length > 0) &&
            matrix.currencies.map((currency) => (
              <tr key={`stated-${currency}`} class="stage-stated">
                <th scope="row" class="stage-recipient">
                  Total stated{matrix.currencies.length > 1 ? ` (${currency})` : ''}</th>
                {matrix.columns.map((column) => {
                  const stated = inCurrency(column.stage.statedTotals, currency);
                  return (
                    <td key={column.key} class={`num${column.summed ? ' summed' : ''}`}>
                      {stated ? moneyOf(stated) : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

/** Provenance of a summed amount: the lines of the stage amountsByRecipient sums. */
function summedFacts(pkg: Package, amount: Amount) {
  const columns = stageMatrix(pkg).columns.filter((c) => c.summed);
  const stages = columns.map((c) => c.stage);
  return {
    about: `${recipientName(amount.recipient)}${amount.purpose ? ` (${amount.purpose})` : ''} in ${pkg.title ?? pkg.id}`,
    sources: stages.flatMap((s) => s.sources),
    confidence: [...new Set(stages.flatMap((s) => s.confidence ?? []))],
    occurredAt: stages.at(-1)?.occurredAt ?? undefined,
    recordedAt: stages.at(-1)?.recordedAt,
    notes: [`sums ${pkg.amountsBasis.summary}`, `exact: ${exactMoneyOf(amount)}`, ...stages.flatMap((s) => lineNotes(s, amount))],
    historyHref: historyHref('package', pkg.id),
  };
}

/** What the package carries now, by recipient: the sum of the stage amountsBasis names. */
function RecipientAmounts({ pkg }: { pkg: Package }) {
  if (pkg.amountsByRecipient.length === 0) {
    return <p class="muted">No amounts yet{pkg.pendingAidRequestIds.length > 0 ? ` (waiting for ${pkg.pendingAidRequestIds.join(', ')})` : ''}.</p>;
  }
  return (
    <>
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
            <tr key={`${recipientKey(a.recipient)}-${a.currency}`}>
              <th scope="row">{recipientName(a.recipient)}</th>
              <td class="num">
                <Provenance facts={summedFacts(pkg, a)} label={`${moneyOf(a)} for ${recipientName(a.recipient)}: sources`}>
                  {moneyOf(a)}
                </Provenance>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="basis small">
        <span class="muted">Sums</span> {pkg.amountsBasis.summary}
      </p>
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
            notes: [`exact: ${exactMoneyOf(request.total)}`, ...request.lines.map((l) => `${recipientName(l.recipient)}, ${words(l.purpose)}: ${exactMoneyOf(l.amount)}${l.note ? ` (${l.note})` : ''}`)],
            historyHref: historyHref('aid-request', request.id),
          }}
          label={`${moneyOf(request.total)} requested: sources`}
        >
          {moneyOf(request.total)}
        </Provenance>
      </div>
      <div class="muted small">
        {request.requester} → {request.addressee}, {occurred(request.occurredAt)} · for {[...new Set(request.lines.map((l) => recipientName(l.recipient)))].join('; ')}
      </div>
    </li>
  );
}

/** A component taken into the package, or an addition floated (with who floated it, and when). */
function ComponentItem({ component }: { component: Component }) {
  return (
    <li>
      <span>{component.description}</span>
      {component.recipient && <span class="muted"> · {recipientName(component.recipient)}</span>}
      {component.amount && <span> · {moneyOf(component.amount)}</span>}
      {'proposedBy' in component && (
        <span class="muted small">
          {' '}
          · floated by {partyName(component.proposedBy)}, {occurred(component.occurredAt)}
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

const ACTION_WORDS: Record<string, string> = { passed_with_amendment: 'passed with an amendment', concurred_with_amendment: 'concurred with an amendment', conference_report_agreed: 'agreed to the conference report', became_law: 'became law' };

/** "passed with an amendment", "concurred", "became law". */
export const actionWords = (action: string) => ACTION_WORDS[action] ?? words(action);

function ActionRow({ action }: { action: LegislativeAction }) {
  const procedure = action.procedure;
  return (
    <li class={procedure ? 'procedure' : undefined}>
      <span class="muted small">{occurred(action.occurredAt)}</span>{' '}
      {procedure ? (
        <>
          <span class="procedure-tag">procedure</span> {capitalised(action.chamber)}: {procedureText(action)}
        </>
      ) : (
        <>
          {capitalised(action.chamber)} {actionWords(action.action)}
          {tally(action) && <strong> {tally(action)}</strong>}
          {action.amendment && <span class="muted small"> ({[action.amendment.number, action.amendment.substitute ? 'a substitute' : null, action.amendment.title && `“${action.amendment.title}”`].filter(Boolean).join(', ')})</span>}
          {action.lawNumber && <> · Public Law {action.lawNumber}</>}
        </>
      )}
      {action.amount && <span> · {moneyOf(action.amount)}</span>}
      {action.note && <span class="muted small"> · {action.note}</span>}
    </li>
  );
}

/** One bill carrying (or that carried) the package: its status in words, whether it still carries it, its record with the procedure marked. */
function BillItem({ bill, actions }: { bill: BillView; actions: readonly PackageAction[] }) {
  const own = actionsOf(bill, actions);
  return (
    <li class={`bill${bill.carrying ? '' : ' bill-detached'}`} data-bill={bill.label}>
      <div class="row">
        <strong>{bill.label}</strong> <StatusBadge status={bill.status} />
      </div>
      {bill.title && <div class="small bill-title">{bill.title}</div>}
      <p class="bill-summary">{capitalised(bill.summary)}</p>
      {!bill.carrying && (
        <p class="small muted">
          No longer carries the package{bill.detached ? `: ${bill.detached.reason} (${occurred(bill.detached.occurredAt)})` : ''}; its record stays.
        </p>
      )}
      {own.length > 0 && (
        <details class="record">
          <summary>
            Legislative record ({own.length} {own.length === 1 ? 'action' : 'actions'}
            {bill.procedure.length > 0 && `, ${bill.procedure.length} procedural`})
          </summary>
          <ul class="plain actions" aria-label={`Legislative record of ${bill.label}`}>
            {own.map((a, i) => (
              <ActionRow key={i} action={a} />
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

/** One package on the board: everything about it in one place, so the board can grow here. */
export function PackageCard({ pkg }: { pkg: Package }) {
  const bills = pkg.bills ?? [];
  const carrying = bills.filter((b) => b.carrying);
  const holdsAid = pkg.aidRequests.length + pkg.pendingAidRequestIds.length + pkg.components.length > 0;
  const steps = packageSteps({ status: pkg.status, bills: carrying, actions: pkg.actions, holdsAid });
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
        <div class="card-status">
          <StatusBadge status={pkg.status} />
          {carrying.length > 1 && <span class="muted small">the least advanced of its {carrying.length} bills</span>}
          {pkg.lawNumber && <span class="small">Public Law {pkg.lawNumber}</span>}
        </div>
      </header>
      {pkg.rationale && <p class="rationale">{pkg.rationale}</p>}

      <ChamberPath steps={steps} label={`Path of ${pkg.title ?? pkg.id} through the chambers`} />
      {carrying.length > 1 &&
        carrying.map((b) => (
          <section key={b.label} class="bill-path" aria-label={`${b.label}: its way`}>
            <h4>
              {b.label} <StatusBadge status={b.status} />
            </h4>
            <ChamberPath steps={billSteps(b, pkg.actions)} label={`Path of ${b.label} through the chambers`} />
          </section>
        ))}

      <section class="money" aria-label="Money by stage">
        <StageTable pkg={pkg} />
      </section>

      <div class="card-grid">
        <section aria-label="Amounts">
          <RecipientAmounts pkg={pkg} />
        </section>

        <section aria-labelledby={`${titleId}-bills`}>
          <h4 id={`${titleId}-bills`}>{bills.length > 1 ? 'Bills' : 'Bill'}</h4>
          {bills.length > 0 ? (
            <ul class="plain bills">
              {bills.map((b) => (
                <BillItem key={b.label} bill={b} actions={pkg.actions} />
              ))}
            </ul>
          ) : (
            <p class="muted">No bill carries it yet.</p>
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
                  <ComponentItem key={c.componentId} component={c} />
                ))}
              </ul>
            </>
          )}
          {pkg.proposedAdditions.length > 0 && (
            <>
              <h5>Floated, not in</h5>
              <ul class="plain">
                {pkg.proposedAdditions.map((c) => (
                  <ComponentItem key={c.componentId} component={c} />
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
  const positions = [...request.carriedPositions, ...request.positions].map((p) => ({ ...p, aidRequestId: request.id }));
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
