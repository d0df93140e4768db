import type { Projection } from './projection';
import { negotiationsBoardProjection } from './negotiations-board/negotiations-board.projection';
import { shipmentCorridorsProjection } from './shipment-corridors/shipment-corridors.projection';
import { timelineProjection } from './timeline/timeline.projection';

export * from './projection';
export * from './paging';
export * from './checkpoints/checkpoints.repository';
export * from './negotiations-board/negotiations-board.projection';
export * from './negotiations-board/negotiations-board.view';
export * from './negotiations-board/negotiations-board.changes';
export * from './negotiations-board/negotiations-board.repository';
export * from './shipment-corridors/shipment-corridors.projection';
export * from './shipment-corridors/shipment-corridors.view';
export * from './shipment-corridors/shipment-corridors.repository';
export * from './timeline/timeline.projection';
export * from './timeline/timeline.repository';
export { readModelsMigration } from './migrations/0002-read-models';
export { storyReadModelsMigration } from './migrations/0004-story-read-models';
export { rebuildsMigration } from './migrations/0005-projection-rebuilds';
export * from './rebuild/rebuild';
export { deadLettersMigration } from './migrations/0003-projection-dead-letters';
export * from './dead-letters/dead-letters.repository';
export * from './status/projection-status';
export * from './status/projection-status.repository';

/** Every read model the projector keeps. */
export const projections: readonly Projection[] = [negotiationsBoardProjection, shipmentCorridorsProjection, timelineProjection];
export * from './projector';
export * from './as-of/as-of.reader';
export * from './read-models';
export { projectionStreamsMigration } from './migrations/0007-projection-streams';
export * from './maintenance';
