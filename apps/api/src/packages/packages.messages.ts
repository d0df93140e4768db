import type { PackageCommand } from '@policy-ledger/domain';
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
  constructor(readonly minPosition?: number) {}
}
