import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Ledger, PinoNestLogger } from '@policy-ledger/runtime';
import { AppModule } from './app.module';

/** The Nest application on Fastify over an open Ledger; not yet listening. */
export async function createApi(ledger: Ledger): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forLedger(ledger), new FastifyAdapter(), {
    logger: new PinoNestLogger(ledger.logger.child({ component: 'nest' })),
  });
  return app;
}
