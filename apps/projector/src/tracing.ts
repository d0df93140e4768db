/**
 * OpenTelemetry, started before anything else is loaded (main.ts imports this first), so the pg
 * instrumentation patches it as it loads. Off unless the OTEL_* variables name an exporter or an
 * endpoint.
 */
import { startTracing } from '@policy-ledger/observability';

export const tracing = startTracing(process.env, 'policy-ledger-projector', { autoInstrument: true });
