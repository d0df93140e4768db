import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type Ledger, PinoNestLogger } from '@policy-ledger/runtime';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyError, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import { AppModule } from './app.module';
import { answerClientError } from './http/client-error';
import { jsonBodyParser } from './http/json-body';
import { installLimits } from './http/limits';
import { answerError } from './http/problem.filter';
import { operate } from './operations/operations.module';

export const DOCS_PATH = 'docs';

/** The largest bulk import body (NDJSON), in bytes. */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

/** Where `npm run build:web` puts the dashboard: dist/web beside the package.json above this file (in src or in dist). */
export function defaultWebRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>policy-ledger: dashboard not built</title>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2937">
<h1>The dashboard has not been built</h1>
<p>The API runs; only the web dashboard is missing. Build it with <code>npm run build:web</code> (or <code>npm run build</code>;
<code>npm start</code> builds it by itself), then restart the service.</p>
<p>The API is documented at <a href="/docs">/docs</a>.</p></body></html>`;

/**
 * The dashboard (apps/web, built to dist/web) as static files at /, beside the JSON API, the SSE
 * streams and /docs. The API's own routes win over the files' wildcard route, a path that is
 * neither answers the API's 404, and a rebuild is served without a restart. Without a build, /
 * answers 503 with a page that says how to build it.
 */
async function serveDashboard(app: NestFastifyApplication, root: string): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) {
    app.getHttpAdapter().getInstance().get('/', (_request, reply) => reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT));
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: 'index.html',
    decorateReply: false,
    // Built assets carry a content hash in their names; the page that names them must be fresh.
    setHeaders: (reply, path) => void reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
}

/**
 * The Nest application on Fastify over an open Ledger, with OpenAPI at /docs and the dashboard at
 * /; not yet listening.
 */
export async function createApi(ledger: Ledger, options: { webRoot?: string } = {}): Promise<NestFastifyApplication> {
  const { config } = ledger;
  const httpLogger = ledger.logger.child({ component: 'http' });
  const answer = (error: unknown, reply: FastifyReply) => answerError(reply, error, { error: (message: string) => httpLogger.error(message) });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forLedger(ledger),
    // A client that trickles its request is cut off; JSON bodies up to 1 MiB (Fastify's default).
    // While closing, a request on a kept-alive connection is answered, not refused with a 503 (see HttpDrain).
    new FastifyAdapter({
      return503OnClosing: false,
      // What Fastify refuses before any route (and so any exception filter) sees the request: a
      // path that does not decode, a path parameter past its length, a malformed request line.
      frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => answer(error, reply),
      clientErrorHandler: answerClientError,
      requestTimeout: config.REQUEST_TIMEOUT_SECONDS * 1000,
      // Node's server takes the timeout only when created (Fastify's own option comes too late), and
      // checks it this often (by default 30 s, which would let a trickle run long past it).
      http: { requestTimeout: config.REQUEST_TIMEOUT_SECONDS * 1000, connectionsCheckingInterval: Math.min(config.REQUEST_TIMEOUT_SECONDS * 500, 5000) },
    }),
    { logger: new PinoNestLogger(ledger.logger.child({ component: 'nest' })) },
  );
  operate(app);
  const fastify = app.getHttpAdapter().getInstance();
  // Errors thrown in Fastify's hooks (a rate limit's 429) reach Nest's own error handler, which
  // Nest installs as the app starts, and so the exception filter: one answer path for every error.
  await installLimits(fastify, ledger.keys, {
    perKey: config.RATE_LIMIT_PER_KEY,
    perAddress: config.RATE_LIMIT_PER_ADDRESS,
    windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
    clientsTracked: 10_000,
    responseMaxBytes: config.RESPONSE_MAX_MB * 1024 * 1024,
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
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key: Authorization: Bearer <key> (writes always; reads when READ_ACCESS=key)' }, 'bearer')
      .build(),
  );
  // No operation needs credentials: said explicitly, for every operation at once.
  document.security = [];
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}/openapi.json` });
  // JSON bodies, bounded in size and in nesting (json-body.ts). In its place Nest would also parse
  // form bodies: the API takes JSON, and a form answers 415.
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: fastify.initialConfig.bodyLimit }, jsonBodyParser(fastify));
  // A bulk import is NDJSON (one command per line), and may be larger than a single command: kept
  // as bytes, each line read as text only when its chunk is decided.
  fastify.addContentTypeParser('application/x-ndjson', { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));
  await serveDashboard(app, options.webRoot ?? defaultWebRoot());
  return app;
}
