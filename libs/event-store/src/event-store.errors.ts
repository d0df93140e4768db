export class VersionConflictError extends Error {
  readonly code = 'stream.version-conflict';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`stream ${streamId} is at version ${currentVersion}, not the expected ${expectedVersion}`);
    this.name = 'VersionConflictError';
  }
}
