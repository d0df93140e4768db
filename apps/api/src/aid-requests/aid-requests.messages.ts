import type { AidRequestCommand } from '@policy-ledger/domain';
import type { CommandRequest } from '../http/command-request';

export class AidRequestCommandMessage {
  constructor(
    readonly aidRequestId: string,
    readonly command: AidRequestCommand,
    readonly request: CommandRequest,
  ) {}
}

export class GetAidRequest {
  constructor(
    readonly id: string,
    readonly minPosition?: number,
  ) {}
}
