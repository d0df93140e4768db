import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EventLog } from '@policy-ledger/event-store';
import { LedgerMetrics } from '@policy-ledger/observability';
import { type Ledger, LedgerHealth } from '@policy-ledger/runtime';
import { DrainSettings, HttpDrain } from './http-drain';
import { observeHttp } from './http-observer';
import { OperationsController } from './operations.controller';

/**
 * Operating the API: GET /metrics, /health/live and /health/ready, per-request metrics and spans,
 * and the drain that closes the server without losing a request. Global: the SSE feed reports its
 * clients and registers its streams with it.
 */
@Global()
@Module({})
export class OperationsModule {
  static forLedger(ledger: Ledger): DynamicModule {
    return {
      module: OperationsModule,
      controllers: [OperationsController],
      providers: [
        { provide: LedgerMetrics, useValue: ledger.metrics },
        { provide: LedgerHealth, useValue: ledger.health },
        { provide: EventLog, useValue: ledger.log },
        // Half the shutdown bound for the requests in flight; the rest for the relay, projector and pool.
        { provide: DrainSettings, useValue: new DrainSettings(Math.floor(ledger.config.SHUTDOWN_TIMEOUT_MS / 2)) },
        HttpDrain,
      ],
      exports: [LedgerMetrics, HttpDrain],
    };
  }
}

/** Registers the request hooks (metrics, spans, drain) on the app's Fastify instance, before it listens. */
export function operate(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  observeHttp(fastify, app.get(LedgerMetrics));
  app.get(HttpDrain).register(fastify);
}
