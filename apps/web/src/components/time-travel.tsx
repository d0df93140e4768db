import { useEffect, useState } from 'preact/hooks';
import { fromLocalInput, instant, toLocalInput } from '../model/format';

/**
 * The date control of time travel: a recorded time (the reader's time zone, to the second) at
 * which to show what the ledger knew, or nothing for the live view.
 */
export function TimeTravel({ asOf, onChange, position, what }: { asOf: string | undefined; onChange: (asOf: string | undefined) => void; position?: number; what: string }) {
  const [draft, setDraft] = useState(asOf ? toLocalInput(asOf) : '');
  useEffect(() => setDraft(asOf ? toLocalInput(asOf) : ''), [asOf]);
  const apply = (value: string) => {
    setDraft(value);
    const iso = fromLocalInput(value);
    if (iso) onChange(iso);
  };
  return (
    <div class={`time-travel${asOf ? ' active' : ''}`}>
      <form class="toolbar" onSubmit={(e) => e.preventDefault()} aria-label={`Time travel: ${what}`}>
        <label for="as-of">{`Show ${what} as the ledger knew it at`}</label>
        <input id="as-of" name="asOf" type="datetime-local" step={1} value={draft} onChange={(e) => apply(e.currentTarget.value)} />
        <button type="button" onClick={() => onChange(undefined)} disabled={!asOf}>
          Back to now
        </button>
      </form>
      <p class="time-travel-status" role="status">
        {asOf ? (
          <>
            <strong>Time travel:</strong> as known at {instant(asOf)}
            {position !== undefined && <> (ledger position {position})</>}. New facts are not shown.
          </>
        ) : (
          <>
            <span class="live-dot" aria-hidden="true" /> Live: new facts appear as they are recorded
            {position !== undefined && <> (position {position})</>}.
          </>
        )}
      </p>
    </div>
  );
}
