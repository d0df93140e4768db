import { Controller, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { EventLog } from '@policy-ledger/event-store';
import { LedgerMetrics } from '@policy-ledger/observability';
import { LedgerHealth } from '@policy-ledger/runtime';
import type { FastifyReply } from 'fastify';
import { Needs } from '../http/access';
import { NoQuery, ReadEndpoint, ValidQuery } from '../http/endpoint';

/** What operators' tools read: health for probes, metrics for scrapers. */
@ApiTags('operations')
// Probes and scrapers come without a key, even when reads need one (READ_ACCESS=key).
@Needs('public')
@Controller()
export class OperationsController {
  constructor(
    private readonly log: EventLog,
    private readonly health: LedgerHealth,
    private readonly metrics: LedgerMetrics,
  ) {}

  /** Up when the database answers; says how far the ledger has written (kept for compatibility). */
  @ReadEndpoint('health', { summary: 'Up when the database answers; the head position of the log', query: NoQuery, ok: '{ status: "ok", position }' })
  async up(@ValidQuery() _query: object) {
    return { status: 'ok', position: await this.log.head() };
  }

  /** Up while the process answers: a failing liveness probe means restart it. */
  @ReadEndpoint('health/live', { summary: 'Liveness: the process answers', query: NoQuery, ok: '{ status: "ok", uptimeSeconds }' })
  live(@ValidQuery() _query: object) {
    return this.health.live();
  }

  /**
   * Ready for traffic: the database answers with every migration applied, the Kafka producer is
   * connected (production mode), the consumer groups joined (where the projector runs); 503 with
   * the failing checks otherwise, and `draining` from the moment shutdown begins.
   */
  @ReadEndpoint('health/ready', {
    summary: 'Readiness: database, migrations, Kafka producer, consumer groups; 503 otherwise or while shutting down',
    query: NoQuery,
    problems: [400, 503],
    ok: '{ status: "ready", checks: { database, migrations, kafkaProducer?, consumerGroups? } }',
  })
  async ready(@ValidQuery() _query: object, @Res({ passthrough: true }) reply: FastifyReply) {
    const readiness = await this.health.ready();
    if (readiness.status !== 'ready') void reply.code(503);
    return readiness;
  }

  /** Prometheus text: process metrics, HTTP, commands, appends, the outbox, projections (where this process runs the projector), SSE clients. */
  @ReadEndpoint('metrics', { summary: 'Prometheus metrics of this process (text exposition format)', query: NoQuery, ok: 'text/plain; version=0.0.4: the Prometheus exposition format' })
  @ApiProduces('text/plain')
  async scrape(@ValidQuery() _query: object, @Res() reply: FastifyReply): Promise<void> {
    const text = await this.metrics.scrape();
    await reply.header('cache-control', 'no-store').type(this.metrics.contentType).send(text);
  }
}
