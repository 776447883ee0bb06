/**
 * The direct transport (src/client/call/direct): PostInputs over Node's http2 without grpc-js.
 * Against the emulator it must be indistinguishable from grpc-js (headers, metadata, answers);
 * against a bare HTTP/2 server (test/support/raw-grpc-server.ts) every way an answer can go
 * wrong must end as the same `ClarifaiTransportError` grpc-js would give, retried or not alike.
 */
import { readFileSync } from 'node:fs';
import { constants as h2 } from 'node:http2';
import { InterceptingCall, Metadata, status } from '@grpc/grpc-js';
import { ClarifaiAbortError, ClarifaiTransportError, ClarifaiValidationError, InputsClient, type CallEvent, type InputsClientOptions } from '../../src';
import { grpcJsReason } from '../../src/client/call/direct/direct-transport';
import { parseTargetAddress } from '../../src/client/call/direct/target-address';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { startRawGrpcServer, type RawAction, type RawGrpcServer } from '../support/raw-grpc-server';

const KEY = 'sk-DIRECT-5c2f81';
const fastRetry = { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 5 };
const clients: InputsClient[] = [];
const servers: RawGrpcServer[] = [];

function client(target: string, options: InputsClientOptions = {}): InputsClient {
  const made = new InputsClient({ apiKey: KEY, target, insecure: true, retry: fastRetry, rateLimiter: false, timeoutMs: 10_000, ...options });
  clients.push(made);
  return made;
}

async function raw(script: (n: number) => RawAction): Promise<RawGrpcServer> {
  const server = await startRawGrpcServer(script);
  servers.push(server);
  return server;
}

afterEach(async () => {
  for (const made of clients.splice(0)) made.close();
  for (const server of servers.splice(0)) await server.close();
});

const texts = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `in-${i}`, text: { raw: `text ${i}` } }));

describe('against the emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
  });
  afterAll(() => emulator.close());

  test('PostInputs goes direct by default and stores what grpc-js would', async () => {
    const events: CallEvent[] = [];
    const direct = client(emulator.target, { onCall: (event) => events.push(event) });
    const viaGrpc = client(emulator.target, { uploadTransport: 'grpc-js' });
    const a = await direct.addInputs([...texts(3), { id: 'img', image: { bytes: Buffer.from('not really a png') } }]);
    const b = await viaGrpc.addInputs([{ id: 'other', text: { raw: 'x' } }]);
    expect(a.failed).toEqual([]);
    expect(a.added.map((i) => i.id)).toEqual(['in-0', 'in-1', 'in-2', 'img']);
    expect(b.added.map((i) => i.id)).toEqual(['other']);
    const ids = new Set<string>();
    for await (const input of direct.listInputs()) ids.add(input.id);
    expect([...ids].sort()).toEqual(['img', 'in-0', 'in-1', 'in-2', 'other']);
    expect(events.map((e) => [e.method, e.transport])).toEqual([
      ['PostInputs', 'http2'],
      ['ListInputs', 'grpc-js'],
    ]);
    // A duplicate is a per-input failure, as through grpc-js.
    const again = await direct.addInputs([{ id: 'in-0', text: { raw: 'again' } }]);
    expect(again.failed).toMatchObject([{ id: 'in-0', statusCodeName: 'INPUT_DUPLICATE' }]);
  });

  test('a wrong key is the same API error either way', async () => {
    const bad = (uploadTransport: 'http2' | 'grpc-js') => client(emulator.target, { apiKey: 'sk-wrong', uploadTransport, retry: false });
    const direct = (await bad('http2').addInputs(texts(1)).catch((e: unknown) => e)) as Error;
    const viaGrpc = (await bad('grpc-js').addInputs(texts(1)).catch((e: unknown) => e)) as Error;
    const withoutReqId = (message: string) => message.replace(/ \(req_id [^)]*\)$/, '');
    expect(withoutReqId(direct.message)).toMatch(/^PostInputs failed: CONN_KEY_INVALID/);
    expect(withoutReqId(direct.message)).toBe(withoutReqId(viaGrpc.message));
    expect(direct.constructor).toBe(viaGrpc.constructor);
  });
});

describe('over TLS', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: [KEY], tls: true });
  });
  afterAll(() => emulator.close());

  test('trusts what grpc-js trusts: rootCerts, else GRPC_DEFAULT_SSL_ROOTS_FILE_PATH; nothing else', async () => {
    const ca = readFileSync(emulator.tlsCaFile as string);
    const target = `localhost:${emulator.port}`;
    await expect(client(target, { insecure: false, rootCerts: ca }).addInputs([{ id: 'roots', text: { raw: 'x' } }])).resolves.toMatchObject({ added: [{ id: 'roots' }] });
    const untrusted = await client(target, { insecure: false, retry: false }).addInputs([{ id: 'no', text: { raw: 'x' } }]).catch((e: unknown) => e);
    expect(untrusted).toMatchObject({ grpcCode: status.UNAVAILABLE, details: expect.stringMatching(/No connection established.*certificate/i) });
    process.env.GRPC_DEFAULT_SSL_ROOTS_FILE_PATH = emulator.tlsCaFile as string;
    try {
      const fromEnv = client(target, { insecure: false });
      await expect(fromEnv.addInputs([{ id: 'env', text: { raw: 'x' } }])).resolves.toMatchObject({ added: [{ id: 'env' }] });
    } finally {
      delete process.env.GRPC_DEFAULT_SSL_ROOTS_FILE_PATH;
    }
  });
});

describe('against a bare HTTP/2 server', () => {
  test('headers: content type, te, user agent, timeout, the key and the caller metadata (text and binary)', async () => {
    const server = await raw(() => ({ ok: true }));
    const c = client(server.target, { metadata: { 'x-team': 'ml' } });
    const extra = new Metadata();
    extra.set('x-trace-bin', Buffer.from([0, 1, 2]));
    extra.set('x-run', 'nightly');
    await c.addInputs(texts(2), { metadata: extra });
    const [request] = server.requests;
    expect(request?.ids).toEqual(['in-0', 'in-1']);
    expect(request?.headers).toMatchObject({
      ':method': 'POST',
      ':path': '/clarifai.api.V2/PostInputs',
      'content-type': 'application/grpc',
      te: 'trailers',
      authorization: `Key ${KEY}`,
      'x-team': 'ml',
      'x-run': 'nightly',
      'x-trace-bin': Buffer.from([0, 1, 2]).toString('base64').replace(/=+$/, ''),
      'x-clarifai-request-id-prefix': expect.stringMatching(/^clarifai-inputs-/),
      'user-agent': expect.stringMatching(/^clarifai-inputs\/\S+ node-http2\//),
      'grpc-timeout': expect.stringMatching(/^\d+m$/),
    });
    const timeoutMs = Number(String(request?.headers['grpc-timeout']).slice(0, -1));
    expect(timeoutMs).toBeGreaterThan(0);
    expect(timeoutMs).toBeLessThanOrEqual(10_000);
  });

  test('8 MB batches queued behind a slow reader: new streams still open (no session memory cap), all land', async () => {
    // The server reads the first stream at once and holds the others, so their bytes wait in the
    // client's session while the fifth batch opens its stream. Node's default cap (10 MB) refuses
    // that stream with ENHANCE_YOUR_CALM; grpc-js lifts the cap, and so does the direct transport.
    const server = await startRawGrpcServer(() => ({ ok: true }), { holdReadingMs: (arrival) => (arrival === 1 ? 0 : 400) });
    servers.push(server);
    const image = Buffer.alloc(1024 * 1024, 7);
    const inputs = Array.from({ length: 40 }, (_, i) => ({ id: `big-${i}`, image: { bytes: image } }));
    const result = await client(server.target, { retry: false, concurrency: 4 }).addInputs(inputs);
    expect(result.failed).toEqual([]);
    expect(result.added).toHaveLength(40);
    expect(server.requests.length).toBeGreaterThanOrEqual(5);
  });

  test('HTTP 503 without a gRPC status is UNAVAILABLE, retried; the retry lands', async () => {
    const server = await raw((n) => (n === 1 ? { http: 503 } : { ok: true }));
    const result = await client(server.target).addInputs(texts(2));
    expect(result.added.map((i) => i.id)).toEqual(['in-0', 'in-1']);
    expect(server.requests).toHaveLength(2);
  });

  test('HTTP 401 is UNAUTHENTICATED, not retried', async () => {
    const server = await raw(() => ({ http: 401 }));
    const error = await client(server.target).addInputs(texts(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClarifaiTransportError);
    expect(error).toMatchObject({ grpcCode: status.UNAUTHENTICATED, details: 'Received HTTP status code 401' });
    expect(server.requests).toHaveLength(1);
  });

  test('a trailers-only status is read from the headers, its message percent-decoded', async () => {
    const server = await raw(() => ({ grpcStatus: status.PERMISSION_DENIED, grpcMessage: 'caf%C3%A9 is closed' }));
    const error = await client(server.target).addInputs(texts(1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ grpcCode: status.PERMISSION_DENIED, details: 'café is closed' });
    expect(server.requests).toHaveLength(1);
  });

  test('an OK status without a message is UNIMPLEMENTED "No message received", as grpc-js words it', async () => {
    const server = await raw(() => ({ grpcStatus: status.OK }));
    const error = await client(server.target, { retry: false }).addInputs(texts(1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ grpcCode: status.UNIMPLEMENTED, details: 'No message received' });
  });

  test('a refused stream is UNAVAILABLE and retried; a reset with INTERNAL_ERROR is INTERNAL and not', async () => {
    const refused = await raw((n) => (n === 1 ? { reset: h2.NGHTTP2_REFUSED_STREAM } : { ok: true }));
    await expect(client(refused.target).addInputs(texts(1))).resolves.toMatchObject({ added: [{ id: 'in-0' }] });
    expect(refused.requests).toHaveLength(2);
    const broken = await raw(() => ({ reset: h2.NGHTTP2_INTERNAL_ERROR }));
    const error = await client(broken.target).addInputs(texts(1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ grpcCode: status.INTERNAL, details: expect.stringMatching(/RST_STREAM with code 2/) });
    expect(broken.requests).toHaveLength(1);
  });

  test('a deadline ends a call the server never answers with DEADLINE_EXCEEDED', async () => {
    const server = await raw(() => ({ hang: true }));
    const error = await client(server.target, { retry: false, timeoutMs: 300 }).addInputs(texts(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClarifaiTransportError);
    expect(error).toMatchObject({ grpcCode: status.DEADLINE_EXCEEDED });
  });

  test('an abort ends the call at once with ClarifaiAbortError', async () => {
    const server = await raw(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = client(server.target).addInputs(texts(1), { signal: controller.signal }).catch((e: unknown) => e);
    await server.requestCount(1);
    controller.abort(new Error('stop'));
    expect(await pending).toBeInstanceOf(ClarifaiAbortError);
  });

  test('an answer over max_receive_message_length is RESOURCE_EXHAUSTED, in the words grpc-js uses for the same answer', async () => {
    const server = await raw(() => ({ answerBytes: 64 * 1024 }));
    const options = { retry: false as const, channelOptions: { 'grpc.max_receive_message_length': 16 * 1024 } };
    const error = await client(server.target, options).addInputs(texts(1)).catch((e: unknown) => e);
    const viaGrpcJs = await client(server.target, { ...options, uploadTransport: 'grpc-js' }).addInputs(texts(1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ grpcCode: status.RESOURCE_EXHAUSTED, details: expect.stringMatching(/^Received message larger than max \(\d+ vs 16384\)$/) });
    expect((error as ClarifaiTransportError).details).toBe((viaGrpcJs as ClarifaiTransportError).details);
  });

  test('a request over max_send_message_length is refused before it is sent, and not retried', async () => {
    const server = await raw(() => ({ ok: true }));
    const c = client(server.target, { channelOptions: { 'grpc.max_send_message_length': 100 } });
    const error = await c.addInputs([{ id: 'big', text: { raw: 'x'.repeat(500) } }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ grpcCode: status.RESOURCE_EXHAUSTED, retryable: false, details: expect.stringMatching(/Sent message larger than max/) });
    expect(server.requests).toHaveLength(0);
  });

  test('after a GOAWAY the next call opens a new connection', async () => {
    const server = await raw(() => ({ ok: true, goawayAfter: true }));
    const c = client(server.target, { concurrency: 1, batchSize: 1 });
    const result = await c.addInputs(texts(3));
    expect(result.added).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
    expect(server.sessions).toBeGreaterThanOrEqual(2);
  });

  test('nothing listening: UNAVAILABLE, "No connection established", retried', async () => {
    const server = await raw(() => ({ ok: true }));
    const { target } = server;
    await server.close();
    servers.splice(0);
    const error = await client(target).addInputs(texts(1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ grpcCode: status.UNAVAILABLE, attempts: 3, details: expect.stringMatching(/^No connection established\. Last error: Error: connect ECONNREFUSED 127\.0\.0\.1:\d+$/) });
  });
});

describe('when PostInputs goes through grpc-js instead', () => {
  test.each<[string, InputsClientOptions, NodeJS.ProcessEnv, string | undefined]>([
    ['the defaults', {}, {}, undefined],
    ['honoured channel options', { channelOptions: { 'grpc.max_send_message_length': 1, 'grpc.keepalive_time_ms': 1 } }, {}, undefined],
    ['asked for', { uploadTransport: 'grpc-js' }, {}, "uploadTransport: 'grpc-js'"],
    ['interceptors', { interceptors: [(options, next) => new InterceptingCall(next(options))] }, {}, 'interceptors'],
    ['another channel option', { channelOptions: { 'grpc.service_config': '{}' } }, {}, "channelOptions['grpc.service_config']"],
    ["grpc-js's own retries", { channelOptions: { 'grpc.enable_retries': 1 } }, {}, "channelOptions['grpc.enable_retries']"],
    ['a proxy', {}, { https_proxy: 'http://proxy:3128' }, 'a proxy in https_proxy'],
    ['grpc-js cipher suites', {}, { GRPC_SSL_CIPHER_SUITES: 'HIGH' }, 'GRPC_SSL_CIPHER_SUITES'],
  ])('%s', (_name, options, env, reason) => {
    expect(grpcJsReason('api.clarifai.com:443', options, env)).toBe(reason);
  });

  test('targets other than host:port', () => {
    expect(grpcJsReason('unix:/tmp/socket', {}, {})).toMatch(/not host:port/);
    expect(parseTargetAddress('api.clarifai.com')).toEqual({ host: 'api.clarifai.com', port: 443, authority: 'api.clarifai.com:443' });
    expect(parseTargetAddress('dns:///localhost:50051')).toEqual({ host: 'localhost', port: 50051, authority: 'localhost:50051' });
    expect(parseTargetAddress('[::1]:8080')).toEqual({ host: '::1', port: 8080, authority: '[::1]:8080' });
    expect(parseTargetAddress('ipv4:127.0.0.1:1,127.0.0.2:1')).toBeUndefined();
    expect(parseTargetAddress('host:99999')).toBeUndefined();
  });

  test('with interceptors the server sees grpc-js', async () => {
    const server = await raw(() => ({ ok: true }));
    await client(server.target, { interceptors: [(options, next) => new InterceptingCall(next(options))] }).addInputs(texts(1));
    expect(server.requests[0]?.headers['user-agent']).toMatch(/grpc-node-js/);
  });

  test('CLARIFAI_UPLOAD_TRANSPORT switches it without a code change; the option wins; a bad value names the variable', async () => {
    const server = await raw(() => ({ ok: true }));
    process.env.CLARIFAI_UPLOAD_TRANSPORT = 'grpc-js';
    try {
      await client(server.target).addInputs(texts(1));
      await client(server.target, { uploadTransport: 'http2' }).addInputs(texts(1));
      process.env.CLARIFAI_UPLOAD_TRANSPORT = 'fast';
      expect(() => new InputsClient({ apiKey: KEY })).toThrow(/CLARIFAI_UPLOAD_TRANSPORT must be 'http2' or 'grpc-js', not "fast"/);
    } finally {
      delete process.env.CLARIFAI_UPLOAD_TRANSPORT;
    }
    expect(server.requests.map((r) => String(r.headers['user-agent']).split(' ')[1]?.split('/')[0])).toEqual(['grpc-node-js', 'node-http2']);
  });

  test('a wrong uploadTransport names the option', () => {
    expect(() => new InputsClient({ apiKey: KEY, uploadTransport: 'fast' as never })).toThrow(ClarifaiValidationError);
    expect(() => new InputsClient({ apiKey: KEY, uploadTransport: 'fast' as never })).toThrow(/uploadTransport/);
  });
});
