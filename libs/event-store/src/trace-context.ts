import { type Context, isSpanContextValid, ROOT_CONTEXT, type Span, type SpanContext, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * The ledger's own spans (command, decide, append; the relay's publish; the projector's apply),
 * through @opentelemetry/api alone: no-ops until an SDK is started (libs/observability), so the
 * libraries carry no SDK and cost nothing when tracing is off.
 */
export const tracer = trace.getTracer('policy-ledger');

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A span's context as a W3C `traceparent` (version 00); undefined for a span that is not recorded anywhere. */
export function traceparentOf(spanContext: SpanContext): string | undefined {
  if (!isSpanContextValid(spanContext)) return undefined;
  return `00-${spanContext.traceId}-${spanContext.spanId}-${spanContext.traceFlags.toString(16).padStart(2, '0')}`;
}

/** The context to continue a trace in, from a stored `traceparent`; undefined when there is none (or it is malformed). */
export function contextOf(traceparent: string | undefined): Context | undefined {
  const match = traceparent === undefined ? null : TRACEPARENT.exec(traceparent);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  const spanContext: SpanContext = { traceId: match[1], spanId: match[2], traceFlags: parseInt(match[3], 16), isRemote: true };
  return isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : undefined;
}

/** Ends a span as failed by `error` (unless `expected` says it is an answer, e.g. a rule or a conflict). */
export function endFailed(span: Span, error: unknown, expected = false): void {
  if (expected) span.setAttribute('policy_ledger.refused', (error as { code?: string }).code ?? (error instanceof Error ? error.name : 'refused'));
  else {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  span.end();
}

/** Runs `work` in a new active span, which ends with it (failed when it throws, unless `expected` says the error is an answer). */
export function inSpan<T>(name: string, attributes: Record<string, string | number>, work: (span: Span) => Promise<T>, expected: (error: unknown) => boolean = () => false): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      const result = await work(span);
      span.end();
      return result;
    } catch (error) {
      endFailed(span, error, expected(error));
      throw error;
    }
  });
}
