import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EventLog } from '@policy-ledger/event-store';
import { Needs } from './access';
import { NoQuery, ReadEndpoint, ValidQuery } from './endpoint';

@ApiTags('operations')
@Needs('public')
@Controller()
export class HealthController {
  constructor(private readonly log: EventLog) {}

  /** Up when the database answers; says how far the ledger has written. */
  @ReadEndpoint('health', { summary: 'Up when the database answers; the head position of the log', query: NoQuery, ok: '{ status: "ok", position }' })
  async health(@ValidQuery() _query: object) {
    return { status: 'ok', position: await this.log.head() };
  }
}
