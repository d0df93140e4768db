import type { Step } from '../model/chamber-path';
import { occurred } from '../model/format';

const STATE_WORDS = { done: 'done', current: 'current step', pending: 'not yet', failed: 'failed' } as const;

/**
 * The steps of a way through the chambers as an ordered list: each says its state in words, not
 * only in colour; procedure (cloture votes, rules) is listed under the step it came before, marked
 * as procedure.
 */
export function ChamberPath({ steps, label }: { steps: readonly Step[]; label: string }) {
  return (
    <ol class="path" aria-label={label} style={{ '--steps': String(steps.length) }}>
      {steps.map((step) => (
        <li key={step.key} class={`step step-${step.state}`} aria-current={step.state === 'current' ? 'step' : undefined} data-step={step.key}>
          <span class="step-marker" aria-hidden="true">
            {step.state === 'done' ? '✓' : step.state === 'failed' ? '✕' : ''}
          </span>
          <span class="step-label">{step.label}</span>
          <span class="step-state">
            <span class="visually-hidden">{STATE_WORDS[step.state]}: </span>
            {step.detail ?? STATE_WORDS[step.state]}
            {step.occurredAt && <> · {occurred(step.occurredAt)}</>}
          </span>
          {step.procedure.length > 0 && (
            <ul class="step-procedure" aria-label="Procedure, not votes on passage">
              {step.procedure.map((p, i) => (
                <li key={i} class={p.setback ? 'setback' : undefined}>
                  <span class="procedure-tag">procedure</span> {p.text} · {occurred(p.occurredAt)}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
