import type { DevelopmentCommand } from '@policy-ledger/domain';
import type { TimelineQuery } from '@policy-ledger/projections';
import type { CommandRequest } from '../http/command-request';

export class DevelopmentCommandMessage {
  constructor(
    readonly developmentId: string,
    readonly command: DevelopmentCommand,
    readonly request: CommandRequest,
  ) {}
}

export class GetTimeline {
  constructor(
    readonly query: TimelineQuery,
    readonly minPosition?: number,
  ) {}
}
