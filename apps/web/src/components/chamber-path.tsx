import type { Step } from '../model/chamber-path';
import { occurred } from '../model/format';

const STATE_WORDS = { done: 'done', current: 'current step', pending: 'not yet', failed: 'failed' } as const;

/** The steps of a package's way as an ordered list: each says its state in words, not only in colour. */
export function ChamberPath({ steps, label }: { steps: readonly Step[]; label: string }) {
  return (
    <ol class="path" aria-label={label}>
      {steps.map((step) => (
        <li key={step.key} class={`step step-${step.state}`} aria-current={step.state === 'current' ? 'step' : undefined}>
          <span class="step-marker" aria-hidden="true">
            {step.state === 'done' ? '✓' : step.state === 'failed' ? '✕' : ''}
          </span>
          <span class="step-label">{step.label}</span>
          <span class="step-state">
            {step.detail ?? STATE_WORDS[step.state]}
            {step.action && <> · {occurred(step.action.occurredAt)}</>}
          </span>
        </li>
      ))}
    </ol>
  );
}
