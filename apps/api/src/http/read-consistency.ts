import type { Database } from '@policy-ledger/event-store';
import { waitForPosition } from '@policy-ledger/projections';
import { z } from 'zod';
import { ProjectionLaggingError } from './problem';

/** "As the ledger knew it then": a recorded time, ISO 8601 with its offset. */
export const AsOf = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2023-10-14T00:00:00Z' });

export const ReadQuery = z
  .object({
    minPosition: z.coerce.number().int().min(0).optional().describe('wait until the projection has applied this global position'),
  })
  .strict();

/**
 * Read-your-writes: waits (bounded) until the projection has applied minPosition, then returns
 * the position it has reached. Answers 503 when it does not get there in time.
 */
export async function reachedPosition(db: Database, projection: string, minPosition: number | undefined, maxWaitMs: number): Promise<number> {
  const position = await waitForPosition(db, projection, minPosition ?? 0, minPosition === undefined ? 0 : maxWaitMs);
  if (minPosition !== undefined && position < minPosition) throw new ProjectionLaggingError(projection, minPosition, position);
  return position;
}
