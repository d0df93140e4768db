import { Controller, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { LedgerHealth } from '@policy-ledger/runtime';
import type { FastifyReply } from 'fastify';
import { Needs } from '../http/access';
import { NoQuery, ReadEndpoint, ValidQuery } from '../http/endpoint';

@ApiTags('operations')
// Probes and scrapers come without a key, even when reads need one (READ_ACCESS=key).
@Needs('public')
@Controller()
export class ReadinessController {
  constructor(private readonly health: LedgerHealth) {}

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
}
