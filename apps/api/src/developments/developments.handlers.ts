import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { developmentDecider, streamIdOf } from '@policy-ledger/domain';
import { type AppendResult, handleCommand } from '@policy-ledger/event-store';
import { readTimeline, TIMELINE } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { reachedPosition } from '../http/read-consistency';
import { LEDGER } from '../ledger.token';
import { DevelopmentCommandMessage, GetTimeline } from './developments.messages';

@CommandHandler(DevelopmentCommandMessage)
export class DevelopmentCommandHandler implements ICommandHandler<DevelopmentCommandMessage, AppendResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  execute({ developmentId, command, request }: DevelopmentCommandMessage): Promise<AppendResult> {
    const target = { streamId: streamIdOf('development', developmentId), streamType: 'development' };
    return handleCommand(this.ledger.store, developmentDecider, target, command, { ...request, context: undefined });
  }
}

@QueryHandler(GetTimeline)
export class GetTimelineHandler implements IQueryHandler<GetTimeline> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ query, minPosition }: GetTimeline) {
    const position = await reachedPosition(this.ledger.db, TIMELINE, minPosition, this.ledger.config.QUERY_WAIT_MAX_MS);
    return { position, ...(await readTimeline(this.ledger.db, query)) };
  }
}
