import { Controller, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { LedgerMetrics } from '@policy-ledger/observability';
import type { FastifyReply } from 'fastify';
import { Needs } from '../http/access';
import { NoQuery, ReadEndpoint, ValidQuery } from '../http/endpoint';

@ApiTags('operations')
// Probes and scrapers come without a key, even when reads need one (READ_ACCESS=key).
@Needs('public')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: LedgerMetrics) {}

  /** Prometheus text: process metrics, HTTP, commands, appends, the outbox, projections (where this process runs the projector), SSE clients. */
  @ReadEndpoint('metrics', { summary: 'Prometheus metrics of this process (text exposition format)', query: NoQuery, ok: 'text/plain; version=0.0.4: the Prometheus exposition format' })
  @ApiProduces('text/plain')
  async scrape(@ValidQuery() _query: object, @Res() reply: FastifyReply): Promise<void> {
    const text = await this.metrics.scrape();
    await reply.header('cache-control', 'no-store').type(this.metrics.contentType).send(text);
  }
}
