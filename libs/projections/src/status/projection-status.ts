/** What GET /projections says of one read model. */
export interface ProjectionStatus {
  readonly name: string;
  /** The checkpoint: every event up to it is applied (or dead-lettered). */
  readonly position: number;
  /** The event store's head when the status was read. */
  readonly head: number;
  readonly lag: {
    readonly events: number;
    /** Age of the oldest event not applied yet; 0 when caught up. */
    readonly seconds: number;
  };
  readonly state: 'live' | 'rebuilding' | 'failed';
  /** While a rebuild runs: how far its replay has come. */
  readonly rebuild?: { readonly position: number; readonly target: number; readonly percent: number; readonly eventsPerSecond: number; readonly etaSeconds: number | null };
  /** Why it is failed: applying an event fails now, or events were dead-lettered and wait for a replay. */
  readonly reason?: string;
  /** Dead letters not replayed yet. */
  readonly deadLetters: number;
  readonly failingSince?: string;
}

/** What GET /projections answers (and each `projections` event of its stream): every read model's status, with the head they were measured against. */
export interface ProjectionsStatus {
  readonly head: number;
  readonly projections: readonly ProjectionStatus[];
}

/** A projection's checkpoint row, with what the status needs from around it. */
export interface StatusRow {
  readonly name: string;
  readonly position: number;
  readonly failure: string | null;
  readonly failurePosition: number | null;
  readonly failingSince: string | null;
  readonly deadLetters: number;
  readonly firstDeadLetter: number | null;
  /** Seconds since the event after the checkpoint was recorded, null when there is none. */
  readonly oldestUnappliedAgeSeconds: number | null;
  readonly rebuild: { readonly position: number; readonly target: number; readonly eventsPerSecond: number } | null;
}

/**
 * The status of one projection. A failure counts only while the checkpoint has not passed the
 * event that failed (another instance, or a later try, may have applied it since).
 */
export function projectionStatus(row: StatusRow, head: number): ProjectionStatus {
  const events = Math.max(0, head - row.position);
  const seconds = events === 0 ? 0 : Math.max(0, Math.round((row.oldestUnappliedAgeSeconds ?? 0) * 1000) / 1000);
  const base = { name: row.name, position: row.position, head, lag: { events, seconds }, deadLetters: row.deadLetters };
  if (row.failure !== null && row.failurePosition !== null && row.failurePosition > row.position) {
    return {
      ...base,
      state: 'failed',
      reason: `applying the event at position ${row.failurePosition} fails, retrying: ${row.failure}`,
      ...(row.failingSince === null ? {} : { failingSince: row.failingSince }),
    };
  }
  if (row.deadLetters > 0) {
    return {
      ...base,
      state: 'failed',
      reason:
        `${row.deadLetters} dead-lettered event${row.deadLetters === 1 ? '' : 's'} (first at position ${row.firstDeadLetter}) ` +
        `missing from the read model; after a fix: npm run projections:replay-dead-letters -- ${row.name}`,
    };
  }
  if (row.rebuild !== null) {
    const { position, target, eventsPerSecond } = row.rebuild;
    return {
      ...base,
      state: 'rebuilding',
      rebuild: {
        position,
        target,
        percent: target === 0 ? 100 : Math.min(100, Math.round((position / target) * 1000) / 10),
        eventsPerSecond,
        etaSeconds: eventsPerSecond > 0 ? Math.round(Math.max(0, target - position) / eventsPerSecond) : null,
      },
    };
  }
  return { ...base, state: 'live' };
}
