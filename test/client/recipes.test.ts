/**
 * The README's observability recipes and raw-stub example, run for real: structured logs with
 * pino, OpenTelemetry spans and metrics through @opentelemetry/api, and the typed raw stubs
 * against the emulator.
 */
import { Writable } from 'node:stream';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import pino from 'pino';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader, type HistogramMetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { StatusCode } from '../../src';
import { authMetadata, ListInputsRequest, PostInputsRequest, userAppId, V2Client, type MultiInputResponse } from '../../src/grpc';
import { startEmulator, samplePng } from '../../src/emulator';
import { startPeerFixture, TEST_KEY, type PeerFixture } from './fixtures';

let fx: PeerFixture;
beforeAll(async () => {
  fx = await startPeerFixture();
});
afterAll(() => fx.close());
beforeEach(() => fx.peer.calls.splice(0));

const throttled = { response: { status: { code: StatusCode.CONN_THROTTLED, description: 'slow down', req_id: 'req-throttled' } } };

test('recipe: structured logs with pino', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ base: undefined }, sink);

  // --- recipe (README "Observability") ---
  const client = fx.client({
    onCall: ({ error, ...event }) =>
      (event.willRetry || error ? logger.warn : logger.info).call(logger, { ...event, err: error?.message }, 'clarifai call'),
  });
  // ---
  fx.peer.script('GetInputCount', throttled);
  await client.getInputCount();
  const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(logged.map((l) => [l.level, l.method, l.attempt, l.statusCodeName, l.willRetry, l.msg])).toEqual([
    [40, 'GetInputCount', 1, 'CONN_THROTTLED', true, 'clarifai call'],
    [30, 'GetInputCount', 2, 'SUCCESS', false, 'clarifai call'],
  ]);
  expect(logged[0]!.reqId).toBe('req-throttled');
  expect(lines.join('\n')).not.toContain(TEST_KEY);
});

class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

test('recipe: OpenTelemetry, one span per logical call with retry events, and metrics', async () => {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new ManualReader();
  const meterProvider = new MeterProvider({ readers: [reader] });

  // --- recipe (README "Observability"); with a global SDK: trace.getTracer(...) / metrics.getMeter(...) ---
  const client = fx.client({
    openTelemetry: {
      tracer: tracerProvider.getTracer('clarifai-inputs'),
      meter: meterProvider.getMeter('clarifai-inputs'),
    },
  });
  // ---
  fx.peer.script('PostInputs', throttled, { error: { code: status.UNAVAILABLE, details: 'blip' } });
  await client.addInputs([{ id: 'o1', text: { raw: 'x' } }]);
  fx.peer.script('GetInput', { response: { status: { code: StatusCode.CONN_KEY_INVALID, description: 'bad key' } } });
  await client.getInput('o1').catch(() => undefined);

  const spans = exporter.getFinishedSpans();
  expect(spans.map((s) => s.name)).toEqual(['clarifai.api.V2/PostInputs', 'clarifai.api.V2/GetInput']);
  const [post, get] = spans;
  expect(post!.attributes).toMatchObject({
    'rpc.system': 'grpc',
    'rpc.service': 'clarifai.api.V2',
    'rpc.method': 'PostInputs',
    'clarifai.attempts': 3,
    'clarifai.item_count': 1,
    'clarifai.status_name': 'SUCCESS',
  });
  expect(post!.events.map((e) => [e.name, e.attributes?.['clarifai.attempt'], e.attributes?.['clarifai.status_name'] ?? e.attributes?.['rpc.grpc.status_code']])).toEqual([
    ['retry', 1, 'CONN_THROTTLED'],
    ['retry', 2, status.UNAVAILABLE],
  ]);
  expect(post!.status.code).toBe(0);
  expect(get!.status).toEqual({ code: 2, message: 'GetInput failed: CONN_KEY_INVALID (11008): bad key' });
  expect(get!.events).toEqual([]);

  const { resourceMetrics } = await reader.collect();
  const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  const attempts = metrics.find((m) => m.descriptor.name === 'clarifai.client.attempts') as SumMetricData;
  const byOutcome = Object.fromEntries(attempts.dataPoints.map((p) => [`${String(p.attributes['rpc.method'])}:${String(p.attributes.outcome)}:${String(p.attributes.retried)}`, p.value]));
  expect(byOutcome).toEqual({
    'PostInputs:CONN_THROTTLED:true': 1,
    'PostInputs:UNAVAILABLE:true': 1,
    'PostInputs:SUCCESS:false': 1,
    'GetInput:CONN_KEY_INVALID:false': 1,
  });
  const durations = metrics.find((m) => m.descriptor.name === 'clarifai.client.call.duration') as HistogramMetricData;
  expect(durations.dataPoints.map((p) => [p.attributes['rpc.method'], p.value.count])).toEqual([
    ['PostInputs', 1],
    ['GetInput', 1],
  ]);
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
});

test('raw-stub example (typed, as the official NodeJS samples) runs against the emulator', async () => {
  const images: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(samplePng()));
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  const imageUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}/metro-north.png`;
  const emulator = await startEmulator({ apiKeys: ['MY_PAT'], port: 0, db: ':memory:', userId: 'me-user', appId: 'my-app' });
  // --- example (README "Using the raw stubs") ---
  const stub = new V2Client(emulator.target, credentials.createInsecure()); // api.clarifai.com:443 + createSsl() for real
  const metadata = authMetadata('MY_PAT');
  const ids = userAppId('me-user', 'my-app');
  const posted = await new Promise<MultiInputResponse>((resolve, reject) =>
    stub.postInputs(
      PostInputsRequest.fromPartial({
        userAppId: ids,
        inputs: [{ id: 'metro1', data: { image: { url: imageUrl, allowDuplicateUrl: true }, concepts: [{ id: 'train', value: 1 }] } }],
      }),
      metadata,
      (error: ServiceError | null, response: MultiInputResponse) => (error ? reject(error) : resolve(response)),
    ),
  );
  if (posted.status?.code !== StatusCode.SUCCESS) throw new Error(`Post inputs failed, status: ${posted.status?.description}`);
  const listed = await new Promise<MultiInputResponse>((resolve, reject) =>
    stub.listInputs(ListInputsRequest.fromPartial({ userAppId: ids, page: 1, perPage: 10 }), metadata, (error, response) =>
      error ? reject(error) : resolve(response),
    ),
  );
  // ---
  try {
    expect(posted.inputs.map((i) => i.id)).toEqual(['metro1']);
    expect(listed.status?.code).toBe(StatusCode.SUCCESS);
    expect(listed.inputs.map((i) => [i.id, i.data?.image?.url, i.data?.concepts[0]?.id])).toEqual([['metro1', imageUrl, 'train']]);
  } finally {
    stub.close();
    await emulator.close();
    await new Promise((resolve) => images.close(resolve));
  }
});
