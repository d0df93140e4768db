/**
 * An event that a subscriber cannot apply, for a reason of the event's own (its data, or the code
 * that applies it), as opposed to a transient failure of the infrastructure. Transports retry it a
 * few times, then dead-letter it and go on; any other error is retried until it goes away.
 */
export class PoisonEventError extends Error {
  constructor(
    readonly position: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`event at position ${position} cannot be applied: ${reason}`, options);
    this.name = 'PoisonEventError';
  }
}
