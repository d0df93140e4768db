import type { StoredEvent } from '@policy-ledger/contracts';
import { isTransientError, type Queryable } from '@policy-ledger/event-store';
import { PoisonEventError } from '@policy-ledger/messaging';
import type { Projection } from '../projection';

/**
 * Applies events, turning a failure of the projection's own (its code, or SQL its data breaks)
 * into a PoisonEventError (naming the first event: with several, the transport then tries them one
 * by one to find the one at fault), which transports retry a few times and then dead-letter. A
 * transient failure (the database away, a deadlock) stays what it is and is retried until it passes.
 */
export async function applyGuarded(tx: Queryable, projection: Projection, events: readonly StoredEvent[]): Promise<void> {
  try {
    await projection.apply(tx, events);
  } catch (error) {
    if (isTransientError(error)) throw error;
    throw new PoisonEventError(events[0]?.position ?? 0, `${projection.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
