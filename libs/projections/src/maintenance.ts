import type { Database } from '@policy-ledger/event-store';
import { type ReplayOutcome, replayDeadLetters } from './dead-letters/dead-letters.repository';
import type { Projection } from './projection';
import { rebuildProjection, type RebuildResult } from './rebuild/rebuild';

export class UnknownProjectionError extends Error {
  constructor(
    readonly projection: string,
    readonly known: readonly string[],
  ) {
    super(`there is no projection "${projection}"; the projections are ${known.join(', ')}`);
    this.name = 'UnknownProjectionError';
  }
}

export class RebuildRunningError extends Error {
  constructor(readonly projection: string) {
    super(`a rebuild of ${projection} is running; its progress is in GET /projections`);
    this.name = 'RebuildRunningError';
  }
}

/**
 * What an operator does to the read models from the running service: rebuild one (in the
 * background, its progress in the projection's status) and replay its dead letters after a fix.
 * The same code as the command-line tools; in the embedded mode, the only way while it runs.
 */
export class ProjectionMaintenance {
  private readonly rebuilding = new Map<string, Promise<RebuildResult>>();

  constructor(
    private readonly db: Database,
    private readonly projections: readonly Projection[],
    private readonly onError: (projection: string, error: unknown) => void = () => undefined,
  ) {}

  private named(name: string): Projection {
    const projection = this.projections.find((candidate) => candidate.name === name);
    if (!projection) throw new UnknownProjectionError(name, this.projections.map((candidate) => candidate.name));
    return projection;
  }

  /** Starts a rebuild; answers at once (GET /projections says `rebuilding`, then `live`). */
  startRebuild(name: string): void {
    const projection = this.named(name);
    if (this.rebuilding.has(name)) throw new RebuildRunningError(name);
    const run = rebuildProjection(this.db, projection);
    this.rebuilding.set(name, run);
    run.catch((error: unknown) => this.onError(name, error)).finally(() => this.rebuilding.delete(name));
  }

  /** The rebuilds running now, to wait for on shutdown. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.rebuilding.values());
  }

  replayDeadLetters(name: string): Promise<ReplayOutcome> {
    return replayDeadLetters(this.db, this.named(name));
  }
}
