import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';

type Env = Record<string, string | undefined>;

/** Probes, scrapes and SSE streams (open for hours): measured, never traced. */
export const UNTRACED_PATH = /^\/(metrics|health)(\/|\?|$)|\/stream(\?|$)/;

/**
 * Whether the standard OpenTelemetry variables ask for traces: an OTLP endpoint, or an exporter
 * named in OTEL_TRACES_EXPORTER (other than `none`), and OTEL_SDK_DISABLED not true. Unset: off.
 */
export function tracingRequested(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  if (exporters.length > 0) return !exporters.every((name) => name === 'none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export interface TracingOptions {
  /** Where spans go instead of the exporters the OTEL_* variables name (a test's in-memory exporter). */
  readonly spanProcessors?: NodeSDKConfiguration['spanProcessors'];
  /**
   * Patch `http` (incoming requests) and `pg` (queries inside a traced request) as they load:
   * only where the SDK starts before they are required (the apps' first import), not under jest.
   */
  readonly autoInstrument?: boolean;
}

export interface Tracing {
  /** Sends what is buffered, then stops. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK when the OTEL_* variables ask for it (or `spanProcessors` are
 * given): W3C trace context, the exporters of OTEL_TRACES_EXPORTER / OTEL_EXPORTER_OTLP_* (OTLP
 * over HTTP by default), the service name of OTEL_SERVICE_NAME or `serviceName`. Traces only: the
 * metrics are Prometheus's (GET /metrics). Off, it starts nothing and the spans of the code are
 * no-ops of @opentelemetry/api.
 */
export function startTracing(env: Env, serviceName: string, options: TracingOptions = {}): Tracing | undefined {
  if (!options.spanProcessors && !tracingRequested(env)) return undefined;
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName }),
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    // Traces only: no OTLP metrics or logs unless asked for by their own variables.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: options.autoInstrument
      ? [
          new HttpInstrumentation({
            // The service calls nothing over HTTP but the exporter; probes, scrapes and SSE streams (open for hours) are not traced.
            disableOutgoingRequestInstrumentation: true,
            ignoreIncomingRequestHook: (request) => UNTRACED_PATH.test(request.url ?? ''),
          }),
          // Queries inside a traced command, not the relay's and projector's polling.
          new PgInstrumentation({ requireParentSpan: true }),
        ]
      : [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
