import type { PackageCommand } from '@policy-ledger/domain';
import type { NegotiationsFilter } from '@policy-ledger/projections';
import type { CommandRequest } from '../http/command-request';

export class PackageCommandMessage {
  constructor(
    readonly packageId: string,
    readonly command: PackageCommand,
    readonly request: CommandRequest,
  ) {}
}

export class GetPackage {
  constructor(
    readonly id: string,
    readonly minPosition?: number,
  ) {}
}

export class GetNegotiations {
  constructor(
    readonly filter: NegotiationsFilter,
    readonly minPosition?: number,
    readonly asOf?: string,
  ) {}
}
