import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { topicFor } from '@policy-ledger/messaging';
import { startTracing, type Tracing } from '@policy-ledger/observability';
import { projections } from '@policy-ledger/projections';
import { dprkShipment } from '@policy-ledger/testing';
import { readTopics } from '../support/kafka-reader';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * One trace from the HTTP request to each projection's apply of the event, across the outbox and
 * Kafka. The spans go to an in-memory exporter, set up explicitly (the OTEL_* variables are not).
 */
describe('a command traced from POST to the read models, across Kafka', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  let service: TestApp;

  beforeAll(async () => {
    tracing = startTracing({}, 'policy-ledger-test', { spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    service = await startTestApp('e2e_tracing', 'production');
  });
  afterAll(async () => {
    await service?.close();
    await tracing?.shutdown();
  });

  const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  const named = (spans: readonly ReadableSpan[], name: string) => spans.filter((span) => span.name === name);

  it('keeps one trace id from the request through decide, append, the relay and the Kafka header to each projection', async () => {
    // The client's own trace: the server continues it.
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    const id = `traced-${Date.now().toString(36)}`;
    const posted = await service.api.post('/shipments', { id, ...dprkShipment }, { traceparent: `00-${traceId}-${clientSpan}-01` });
    expect(posted.status).toBe(201);

    const deadline = Date.now() + 30_000;
    while (named(spansOf(traceId), `apply ${projections[0]?.name}`).length === 0 || spansOf(traceId).filter((span) => span.name.startsWith('apply ')).length < projections.length) {
      if (Date.now() > deadline) throw new Error(`the projector's spans never came: ${spansOf(traceId).map((span) => span.name).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const spans = spansOf(traceId);
    const [server] = named(spans, 'POST /shipments');
    const [command] = named(spans, 'command ReportShipment');
    const [decide] = named(spans, 'decide');
    const [append] = named(spans, 'append');
    const [publish] = named(spans, 'publish ShipmentReported');
    expect(server?.kind).toBe(SpanKind.SERVER);
    expect(server?.parentSpanContext?.spanId).toBe(clientSpan);
    expect(server?.attributes['http.route']).toBe('/shipments');
    expect(server?.attributes['http.response.status_code']).toBe(201);
    expect(command?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(decide?.parentSpanContext?.spanId).toBe(command?.spanContext().spanId);
    expect(append?.parentSpanContext?.spanId).toBe(command?.spanContext().spanId);
    expect(publish?.kind).toBe(SpanKind.PRODUCER);
    expect(publish?.attributes['messaging.system']).toBe('kafka');
    expect(publish?.parentSpanContext?.spanId).toBe(command?.spanContext().spanId);
    for (const { name } of projections) {
      const [apply] = named(spans, `apply ${name}`);
      expect(apply?.kind).toBe(SpanKind.CONSUMER);
      expect(apply?.attributes['policy_ledger.position']).toBe(posted.body.position);
      expect(apply?.parentSpanContext?.spanId).toBe(command?.spanContext().spanId);
    }

    // The traceparent is stored with the event, and crossed Kafka as the CloudEvents extension.
    const traceparent = `00-${traceId}-${command?.spanContext().spanId}-01`;
    const history = await service.api.get(`/streams/shipment-${id}/events`);
    expect(history.body.events[0].metadata.traceparent).toBe(traceparent);
    const topic = topicFor(service.ledger.config.mode === 'production' ? service.ledger.config.KAFKA_TOPIC_PREFIX : '', 'shipment');
    const messages = await readTopics([topic], (read) => read.some((message) => message.key === `shipment-${id}`));
    expect(messages.find((message) => message.key === `shipment-${id}`)?.headers.ce_traceparent).toBe(traceparent);
  });

  it('starts a trace of its own for a request without traceparent, and leaves probes untraced', async () => {
    const before = exporter.getFinishedSpans().length;
    await service.api.get('/health/ready');
    await (await fetch(`${service.url}/metrics`)).text();
    const posted = await service.api.post('/shipments', { id: 'traced-2', ...dprkShipment });
    expect(posted.status).toBe(201);
    // Looked at once the POST's span has ended: a probe's span, had there been one, ended before it.
    expect(exporter.getFinishedSpans().slice(before).filter((span) => span.kind === SpanKind.SERVER && span.name !== 'POST /shipments')).toEqual([]);
    const [command] = exporter.getFinishedSpans().filter((span) => span.name === 'command ReportShipment' && span.attributes['policy_ledger.stream_id'] === 'shipment-traced-2');
    const [server] = exporter.getFinishedSpans().filter((span) => span.spanContext().spanId === command?.parentSpanContext?.spanId);
    expect(server?.name).toBe('POST /shipments');
    expect(server?.parentSpanContext).toBeUndefined();
  });
});
