import { Controller, Get, Inject } from '@nestjs/common';
import type { Ledger } from '@policy-ledger/runtime';
import { LEDGER } from '../ledger.token';

@Controller('health')
export class HealthController {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  /** Up when the database answers; says how far the ledger has written. */
  @Get()
  async health() {
    return { status: 'ok', position: await this.ledger.store.headPosition() };
  }
}
