import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type Ledger, PinoNestLogger } from '@policy-ledger/runtime';
import { AppModule } from './app.module';

export const DOCS_PATH = 'docs';

/** The Nest application on Fastify over an open Ledger, with OpenAPI at /docs; not yet listening. */
export async function createApi(ledger: Ledger): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forLedger(ledger), new FastifyAdapter(), {
    logger: new PinoNestLogger(ledger.logger.child({ component: 'nest' })),
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('policy-ledger')
      .setDescription(
        'Event-sourced ledger of policy stories. Commands answer 201 with the stream id, version and global position; ' +
          'errors are application/problem+json. Reads take ?minPosition= to wait for their own writes.',
      )
      .setVersion('1')
      .setLicense('MIT', 'https://opensource.org/license/mit')
      .addServer('/', 'the server this document is served from')
      .build(),
  );
  // No operation needs credentials: said explicitly, for every operation at once.
  document.security = [];
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}/openapi.json` });
  return app;
}
