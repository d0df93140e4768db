import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracer } from '@policy-ledger/event-store';
import { type CommandOutcome, LedgerMetrics, UNTRACED_PATH } from '@policy-ledger/observability';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { commandTables } from '../command-tables';

/** `POST /<path>` of each command route -> its command type, for policy_ledger_commands_total. */
const commandOfRoute = new Map<string, string>(
  commandTables.flatMap((table) => table.routes.map((route) => [`POST /${route.path}`, route.type] as const)),
);

function outcomeOf(status: number): CommandOutcome {
  if (status === 201 || status === 200) return 'created';
  if (status === 409) return 'conflict';
  if (status === 422) return 'rule';
  if (status === 404) return 'not_found';
  if (status >= 500) return 'error';
  return 'invalid';
}

interface Observed {
  readonly started: number;
  /** The request's server span, and whether it is ours to end (no http instrumentation made it). */
  readonly span?: { readonly span: Span; readonly own: boolean };
}

const observed = new WeakMap<FastifyRequest, Observed>();

/**
 * Per request: its duration by method, route pattern and status (http_request_duration_seconds),
 * a command route's outcome (policy_ledger_commands_total), and its server span. Where the SDK's
 * http instrumentation made that span (the apps, with OTEL_* set) it is named after the route
 * here; elsewhere (tests, where modules load before any SDK could patch them) this makes it,
 * continuing a `traceparent` the client sent. The handler runs inside it, so the command's spans
 * and the traceparent stored with its events belong to the request's trace.
 */
export function observeHttp(fastify: FastifyInstance, metrics: LedgerMetrics): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const started = performance.now();
    if (UNTRACED_PATH.test(request.url)) {
      observed.set(request, { started });
      return done();
    }
    const active = trace.getActiveSpan();
    if (active) {
      observed.set(request, { started, span: { span: active, own: false } });
      return done();
    }
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer.startSpan(
      `${request.method} ${request.routeOptions.url ?? ''}`.trim(),
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0] ?? request.url } },
      parent,
    );
    observed.set(request, { started, span: { span, own: true } });
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const span = observed.get(request)?.span;
    if (span?.own) context.with(trace.setSpan(context.active(), span.span), done);
    else done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const seen = observed.get(request);
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    if (seen) metrics.observeHttp(request.method, route, status, (performance.now() - seen.started) / 1000);
    const command = commandOfRoute.get(`${request.method} ${route}`);
    if (command) metrics.recordCommand(command, outcomeOf(status));
    if (seen?.span) {
      const { span, own } = seen.span;
      span.updateName(`${request.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (own) span.end();
    }
    done();
  });
}
