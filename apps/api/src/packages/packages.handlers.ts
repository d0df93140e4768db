import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type PackageCommand, type PackageContext, packageDecider, streamIdOf } from '@policy-ledger/domain';
import { type AppendResult, type EventStore, handleCommand } from '@policy-ledger/event-store';
import { NEGOTIATIONS_BOARD, readNegotiationsBoard, readPackage } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { ResourceNotFoundError } from '../http/problem';
import { reachedPosition } from '../http/read-consistency';
import { LEDGER } from '../ledger.token';
import { GetNegotiations, GetPackage, PackageCommandMessage } from './packages.messages';

/** The aid requests a package command names, looked up in the event store (not a read model). */
async function packageContext(store: EventStore, command: PackageCommand): Promise<PackageContext> {
  if (command.type !== 'BundlePackage') return { knownAidRequestIds: new Set() };
  const byStream = new Map(command.data.aidRequestIds.map((id) => [streamIdOf('aid-request', id), id]));
  const existing = await store.existingStreams([...byStream.keys()]);
  return { knownAidRequestIds: new Set([...existing].map((streamId) => byStream.get(streamId) as string)) };
}

@CommandHandler(PackageCommandMessage)
export class PackageCommandHandler implements ICommandHandler<PackageCommandMessage, AppendResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ packageId, command, request }: PackageCommandMessage): Promise<AppendResult> {
    const target = { streamId: streamIdOf('package', packageId), streamType: 'package' };
    const context = await packageContext(this.ledger.store, command);
    return handleCommand(this.ledger.store, packageDecider, target, command, { ...request, context });
  }
}

@QueryHandler(GetPackage)
export class GetPackageHandler implements IQueryHandler<GetPackage> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ id, minPosition }: GetPackage) {
    const position = await reachedPosition(this.ledger.db, NEGOTIATIONS_BOARD, minPosition, this.ledger.config.QUERY_WAIT_MAX_MS);
    const pkg = await readPackage(this.ledger.db, id);
    if (!pkg) throw new ResourceNotFoundError('package', id, position);
    return { position, package: pkg };
  }
}

@QueryHandler(GetNegotiations)
export class GetNegotiationsHandler implements IQueryHandler<GetNegotiations> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ minPosition }: GetNegotiations) {
    const position = await reachedPosition(this.ledger.db, NEGOTIATIONS_BOARD, minPosition, this.ledger.config.QUERY_WAIT_MAX_MS);
    return { position, ...(await readNegotiationsBoard(this.ledger.db)) };
  }
}
