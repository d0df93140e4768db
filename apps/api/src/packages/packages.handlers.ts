import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { PackageBundledV1 } from '@policy-ledger/contracts';
import {
  aidRequestDecider,
  fold,
  INACTIVE_PACKAGE_STATUSES,
  noPackageContext,
  packageDecider,
  streamIdOf,
} from '@policy-ledger/domain';
import { type AppendResult, decideAndAppend, decision, type EventStore, handleCommand, retryOnRace } from '@policy-ledger/event-store';
import { AsOfReader, NEGOTIATIONS_BOARD, readNegotiationsBoard, readPackage } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { ResourceNotFoundError } from '../http/problem';
import { reachedPosition } from '../http/read-consistency';
import { LEDGER } from '../ledger.token';
import { GetNegotiations, GetPackage, PackageCommandMessage } from './packages.messages';

const target = (streamType: 'package' | 'aid-request', id: string) => ({ streamId: streamIdOf(streamType, id), streamType });

/**
 * The packages that hold the named aid requests now, and which of them are still active: what the
 * aid request decider needs to keep each request in at most one active package.
 */
async function holders(store: EventStore, aidRequestIds: readonly string[]) {
  const known = new Set<string>();
  const activePackageIds = new Set<string>();
  const streams = new Map<string, Awaited<ReturnType<EventStore['readStream']>>>();
  for (const id of aidRequestIds) {
    const stream = await store.readStream(streamIdOf('aid-request', id));
    streams.set(id, stream);
    const { events } = stream;
    if (events.length === 0) continue;
    known.add(id);
    const state = fold(aidRequestDecider, events as never);
    if (state.status === 'unknown' || state.packageId === null) continue;
    const holder = fold(packageDecider, (await store.readStream(streamIdOf('package', state.packageId))).events as never);
    if (holder.status !== 'unknown' && !INACTIVE_PACKAGE_STATUSES.includes(holder.status)) activePackageIds.add(state.packageId);
  }
  return { known, activePackageIds, streams };
}

@CommandHandler(PackageCommandMessage)
export class PackageCommandHandler implements ICommandHandler<PackageCommandMessage, AppendResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ packageId, command, request }: PackageCommandMessage): Promise<AppendResult> {
    if (command.type !== 'BundlePackage') {
      return handleCommand(this.ledger.store, packageDecider, target('package', packageId), command, { ...request, context: noPackageContext });
    }
    return retryOnRace(request.expectedVersion !== undefined, () => this.bundle(packageId, command.data, request));
  }

  /** PackageBundled on the package and AidRequestBundled on each request, in one transaction. */
  private async bundle(packageId: string, data: PackageBundledV1, request: PackageCommandMessage['request']): Promise<AppendResult> {
    const { known, activePackageIds, streams } = await holders(this.ledger.store, data.aidRequestIds);
    const { occurredAt, reportedAt, sources, confidence } = data;
    const [result] = await decideAndAppend(
      this.ledger.store,
      [
        decision(packageDecider, target('package', packageId), { type: 'BundlePackage', data }, { knownAidRequestIds: known }, request.expectedVersion),
        ...[...new Set(data.aidRequestIds)].map((id) =>
          decision(
            aidRequestDecider,
            target('aid-request', id),
            { type: 'MarkAidRequestBundled', data: { packageId, occurredAt, reportedAt, sources, confidence } },
            { activePackageIds },
            undefined,
            streams.get(id),
          ),
        ),
      ],
      request.metadata,
    );
    if (!result) throw new Error('BundlePackage decided no event');
    return result;
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
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly asOfReader: AsOfReader,
  ) {}

  async execute({ filter, minPosition, asOf }: GetNegotiations) {
    if (asOf !== undefined) return { asOf, ...(await this.asOfReader.board(asOf, filter)) };
    const position = await reachedPosition(this.ledger.db, NEGOTIATIONS_BOARD, minPosition, this.ledger.config.QUERY_WAIT_MAX_MS);
    return { position, ...(await readNegotiationsBoard(this.ledger.db, filter)) };
  }
}
