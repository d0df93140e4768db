import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { aidRequestDecider, streamIdOf } from '@policy-ledger/domain';
import { type AppendResult, handleCommand } from '@policy-ledger/event-store';
import { NEGOTIATIONS_BOARD, readAidRequest } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { ResourceNotFoundError } from '../http/problem';
import { reachedPosition } from '../http/read-consistency';
import { LEDGER } from '../ledger.token';
import { AidRequestCommandMessage, GetAidRequest } from './aid-requests.messages';

@CommandHandler(AidRequestCommandMessage)
export class AidRequestCommandHandler implements ICommandHandler<AidRequestCommandMessage, AppendResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  execute({ aidRequestId, command, request }: AidRequestCommandMessage): Promise<AppendResult> {
    const target = { streamId: streamIdOf('aid-request', aidRequestId), streamType: 'aid-request' };
    return handleCommand(this.ledger.store, aidRequestDecider, target, command, { ...request, context: undefined });
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
