import type { StoredEvent } from '@policy-ledger/contracts';
import { isTransientError, type Queryable } from '@policy-ledger/event-store';
import { PoisonEventError } from '@policy-ledger/messaging';
import type { Projection } from '../projection';

/**
 * Applies an event, turning a failure of the projection's own (its code, or SQL its data breaks)
 * into a PoisonEventError, which transports retry a few times and then dead-letter. A transient
 * failure (the database away, a deadlock) stays what it is and is retried until it passes.
 */
export async function applyGuarded(tx: Queryable, projection: Projection, event: StoredEvent): Promise<void> {
  try {
    await projection.apply(tx, [event]);
  } catch (error) {
    if (isTransientError(error)) throw error;
    throw new PoisonEventError(event.position, `${projection.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
