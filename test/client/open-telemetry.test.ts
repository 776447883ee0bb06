/**
 * The telemetry layer starts the span before the call and sends its trace context in the request
 * metadata: a real grpc-js server (the peer) reads `traceparent` on every attempt.
 */
import * as api from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { status } from '@grpc/grpc-js';
import { startPeerFixture, type PeerFixture } from './fixtures';

let fx: PeerFixture;
beforeAll(async () => {
  fx = await startPeerFixture();
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(async () => {
  api.propagation.disable();
  await fx.close();
});
beforeEach(() => fx.peer.calls.splice(0));

function tracing(): { exporter: InMemorySpanExporter; tracer: api.Tracer } {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, tracer: provider.getTracer('test') };
}

test('every attempt of a call carries the traceparent of the call span, which the server reads', async () => {
  const { exporter, tracer } = tracing();
  const client = fx.client({ openTelemetry: { tracer, api } });
  fx.peer.script('GetInputCount', { error: { code: status.UNAVAILABLE, details: 'blip' } });
  await client.getInputCount();

  const [span] = exporter.getFinishedSpans();
  const { traceId, spanId } = span!.spanContext();
  const sent = fx.peer.callsTo('GetInputCount').map((call) => call.metadata.traceparent);
  expect(sent).toEqual([[`00-${traceId}-${spanId}-01`], [`00-${traceId}-${spanId}-01`]]);
  expect(span!.attributes['clarifai.attempts']).toBe(2);
  // The span started before the first attempt reached the server.
  const started = span!.startTime[0] * 1000 + span!.startTime[1] / 1e6;
  expect(started).toBeLessThanOrEqual(fx.peer.callsTo('GetInputCount')[0]!.at);
});

test('two calls, two spans, two trace contexts; without `api` no trace header is sent', async () => {
  const { exporter, tracer } = tracing();
  const client = fx.client({ openTelemetry: { tracer, api } });
  await client.getInputCount();
  await client.getInputCount();
  const ids = exporter.getFinishedSpans().map((span) => span.spanContext().spanId);
  expect(new Set(ids).size).toBe(2);
  expect(fx.peer.callsTo('GetInputCount').map((call) => call.metadata.traceparent?.[0]?.split('-')[2])).toEqual(ids);

  fx.peer.calls.splice(0);
  const untraced = fx.client({ openTelemetry: { tracer } });
  await untraced.getInputCount();
  expect(fx.peer.callsTo('GetInputCount')[0]!.metadata.traceparent).toBeUndefined();
  expect(exporter.getFinishedSpans()).toHaveLength(3);
});
