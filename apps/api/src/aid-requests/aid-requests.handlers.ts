import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { aidRequestDecider, noAidRequestContext, RuleViolatedError, streamIdOf } from '@policy-ledger/domain';
import { type AppendResult, decideAndAppend, decision, handleCommand, retryOnRace } from '@policy-ledger/event-store';
import { NEGOTIATIONS_BOARD, readAidRequest } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { ResourceNotFoundError } from '../http/problem';
import { reachedPosition } from '../http/read-consistency';
import { LEDGER } from '../ledger.token';
import { AidRequestCommandMessage, GetAidRequest } from './aid-requests.messages';

const aidRequestTarget = (id: string) => ({ streamId: streamIdOf('aid-request', id), streamType: 'aid-request' });

@CommandHandler(AidRequestCommandMessage)
export class AidRequestCommandHandler implements ICommandHandler<AidRequestCommandMessage, AppendResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ aidRequestId, command, request }: AidRequestCommandMessage): Promise<AppendResult> {
    const supersedes = command.type === 'RequestAid' ? command.data.supersedes : undefined;
    if (command.type !== 'RequestAid' || supersedes === undefined) {
      return handleCommand(this.ledger.store, aidRequestDecider, aidRequestTarget(aidRequestId), command, { ...request, context: noAidRequestContext });
    }
    // A request that supersedes another: both streams change in one transaction.
    const old = aidRequestTarget(supersedes);
    if ((await this.ledger.store.existingStreams([old.streamId])).size === 0) {
      throw new RuleViolatedError('aid-request.supersedes-unknown', `the aid request "${supersedes}" it supersedes is not in the ledger`, { supersedes });
    }
    const { occurredAt, reportedAt, sources, confidence } = command.data;
    return retryOnRace(request.expectedVersion !== undefined, async () => {
      const [result] = await decideAndAppend(
        this.ledger.store,
        [
          decision(aidRequestDecider, aidRequestTarget(aidRequestId), command, noAidRequestContext, request.expectedVersion),
          decision(aidRequestDecider, old, { type: 'SupersedeAidRequest', data: { supersededBy: aidRequestId, occurredAt, reportedAt, sources, confidence } }, noAidRequestContext),
        ],
        request.metadata,
      );
      if (!result) throw new Error('RequestAid decided no event');
      return result;
    });
  }
}

@QueryHandler(GetAidRequest)
export class GetAidRequestHandler implements IQueryHandler<GetAidRequest> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ id, minPosition }: GetAidRequest) {
    const position = await reachedPosition(this.ledger.db, NEGOTIATIONS_BOARD, minPosition, this.ledger.config.QUERY_WAIT_MAX_MS);
    const aidRequest = await readAidRequest(this.ledger.db, id);
    if (!aidRequest) throw new ResourceNotFoundError('aid request', id, position);
    return { position, aidRequest };
  }
}
