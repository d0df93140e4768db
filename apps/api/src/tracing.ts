/**
 * OpenTelemetry, started before anything else is loaded (main.ts imports this first), so the
 * http and pg instrumentations patch those modules as they load. Off unless the OTEL_* variables
 * name an exporter or an endpoint.
 */
import { startTracing } from '@policy-ledger/observability';

export const tracing = startTracing(process.env, 'policy-ledger-api', { autoInstrument: true });
