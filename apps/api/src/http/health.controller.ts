import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventLog } from '@policy-ledger/event-store';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly log: EventLog) {}

  /** Up when the database answers; says how far the ledger has written. */
  @Get()
  @ApiOperation({ summary: 'Up when the database answers; the head position of the log' })
  async health() {
    return { status: 'ok', position: await this.log.head() };
  }
}
