/** Issue 8: your own channel, interceptors, call credentials, metadata merging, and the onCall hook. */
import { Channel, connectivityState, credentials, InterceptingCall, Metadata, status, type Interceptor } from '@grpc/grpc-js';
import { ClarifaiValidationError, InputsClient, StatusCode, type CallEvent } from '../../src';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pinnedJitter, startPeerFixture, TEST_KEY, type PeerFixture } from './fixtures';
import { PeerServer } from '../support/peer-server';

let fx: PeerFixture;
beforeAll(async () => {
  fx = await startPeerFixture();
});
afterAll(() => fx.close());
beforeEach(() => fx.peer.calls.splice(0));

test('a grpc-js interceptor sees every attempt, and what it adds reaches the server', async () => {
  const seen: string[] = [];
  const interceptor: Interceptor = (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        seen.push(options.method_definition.path);
        metadata.set('x-intercepted', `yes-${seen.length}`);
        next(metadata, listener);
      },
    });
  const client = fx.client({ interceptors: [interceptor] });
  fx.peer.script('GetInputCount', { error: { code: status.UNAVAILABLE } });
  await client.getInputCount();
  expect(seen).toEqual(['/clarifai.api.V2/GetInputCount', '/clarifai.api.V2/GetInputCount']);
  expect(fx.peer.calls.map((c) => c.metadata['x-intercepted'])).toEqual([['yes-1'], ['yes-2']]);
});

test('interceptor providers are accepted too, but not together with interceptors', async () => {
  let provided = 0;
  const passThrough: Interceptor = (options, nextCall) => new InterceptingCall(nextCall(options));
  const client = fx.client({
    interceptorProviders: [
      () => {
        provided++;
        return passThrough;
      },
    ],
  });
  await client.getInputCount();
  expect(provided).toBe(1);
  expect(() => fx.client({ interceptors: [passThrough], interceptorProviders: [() => passThrough] })).toThrow(ClarifaiValidationError);
});

test('call credentials: a rotating token instead of a static key', async () => {
  const saved = { pat: process.env.CLARIFAI_PAT, key: process.env.CLARIFAI_API_KEY };
  delete process.env.CLARIFAI_PAT;
  delete process.env.CLARIFAI_API_KEY;
  let issued = 0;
  const rotating = credentials.createFromMetadataGenerator((_params, callback) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Key rotating-${++issued}`);
    callback(null, metadata);
  });
  try {
    const client = fx.client({ apiKey: undefined, callCredentials: rotating });
    await client.getInputCount();
    await client.listInputsPage();
    expect(fx.peer.calls.map((c) => c.metadata.authorization)).toEqual([['Key rotating-1'], ['Key rotating-2']]);
  } finally {
    if (saved.pat !== undefined) process.env.CLARIFAI_PAT = saved.pat;
    if (saved.key !== undefined) process.env.CLARIFAI_API_KEY = saved.key;
  }
});

test('a shared channel survives client.close()', async () => {
  const channel = new Channel(fx.peer.target, credentials.createInsecure(), {});
  try {
    const first = fx.client({ channel });
    const second = fx.client({ channel });
    await first.getInputCount();
    first.close();
    expect(channel.getConnectivityState(false)).not.toBe(connectivityState.SHUTDOWN);
    await second.getInputCount();
    second.close();
    expect(channel.getConnectivityState(false)).not.toBe(connectivityState.SHUTDOWN);
    expect(fx.peer.calls).toHaveLength(2);
  } finally {
    channel.close();
  }
  // and a client's own channel is shut down by close()
  const own = fx.client();
  await own.getInputCount();
  own.close();
  await expect(own.getInputCount()).rejects.toThrow('InputsClient is closed');
});

test('channel options pass through (a tiny receive limit makes the call fail)', async () => {
  const client = fx.client({ channelOptions: { 'grpc.max_receive_message_length': 10 }, retry: false });
  await client.addInputs([{ id: 'big', text: { raw: 'x'.repeat(100) } }]).catch(() => undefined);
  await expect(client.getInput('big')).rejects.toMatchObject({ grpcCodeName: 'RESOURCE_EXHAUSTED' });
});

test('metadata: client and per-call values are merged, and the client headers cannot be overwritten', async () => {
  const client = fx.client({ metadata: { 'x-team': 'search' } });
  await client.getInputCount({ metadata: { 'x-team': 'batch', 'x-trace-id': 't-1' } });
  const call = fx.peer.calls[0]!;
  expect(call.metadata['x-team']!.join(',').split(/,\s*/)).toEqual(['search', 'batch']);
  expect(call.metadata['x-trace-id']).toEqual(['t-1']);
  expect(call.metadata.authorization).toEqual([`Key ${TEST_KEY}`]);
  await expect(client.getInputCount({ metadata: { authorization: 'Key other' } })).rejects.toThrow(ClarifaiValidationError);
  await expect(client.getInputCount({ metadata: { 'x-clarifai-request-id-prefix': 'mine' } })).rejects.toThrow(
    '"x-clarifai-request-id-prefix" is set by the client itself',
  );
  expect(() => fx.client({ metadata: { Authorization: 'Key x' } })).toThrow(ClarifaiValidationError);
  expect(fx.peer.calls).toHaveLength(1);
});

test('onCall events match what the peer saw, attempt by attempt, through throttling and retries', async () => {
  const events: CallEvent[] = [];
  const client = fx.client({ onCall: (event) => events.push(event), batchSize: 2, concurrency: 1 });
  fx.peer.script(
    'PostInputs',
    { response: { status: { code: StatusCode.CONN_THROTTLED, description: 'slow down', req_id: 'req-t' } } },
    { error: { code: status.UNAVAILABLE, details: 'blip' } },
  );
  const result = await client.addInputs([{ text: { raw: 'a' } }, { text: { raw: 'b' } }, { text: { raw: 'c' } }]);
  expect(result.added).toHaveLength(3);

  const peerPosts = fx.peer.callsTo('PostInputs');
  expect(events).toHaveLength(peerPosts.length);
  expect(events.map((e) => [e.method, e.attempt, e.grpcCodeName, e.statusCodeName ?? null, e.itemCount, e.willRetry])).toEqual([
    ['PostInputs', 1, 'OK', 'CONN_THROTTLED', 2, true],
    ['PostInputs', 2, 'UNAVAILABLE', null, 2, true],
    ['PostInputs', 3, 'OK', 'SUCCESS', 2, false],
    ['PostInputs', 1, 'OK', 'SUCCESS', 1, false],
  ]);
  events.forEach((event, i) => {
    const peerCall = peerPosts[i]!;
    expect(event.itemCount).toBe(peerCall.request.inputs.length);
    expect(Math.abs(event.startedAt - peerCall.at)).toBeLessThan(1_000);
    expect(event.durationMs).toBeGreaterThanOrEqual(0);
  });
  expect(events[0]!.reqId).toBe('req-t');
  expect(events[2]!.reqId).toMatch(/^peer-/);
  expect(new Set(events.slice(0, 3).map((e) => e.callId)).size).toBe(1);
  expect(events[3]!.callId).not.toBe(events[0]!.callId);
  expect(events[1]!.error?.message).toBe('PostInputs failed: UNAVAILABLE (gRPC 14): blip');
  expect(JSON.stringify(events)).not.toContain(TEST_KEY);
});

test('an onCall hook that throws does not break the call', async () => {
  const client = fx.client({
    onCall: () => {
      throw new Error('observer bug');
    },
  });
  await expect(client.getInputCount()).resolves.toBeDefined();
});

test('an abort during a backoff wait ends the call with no event for the attempt never sent', async () => {
  const events: CallEvent[] = [];
  const controller = new AbortController();
  const client = fx.client({
    retry: pinnedJitter(() => 0.5, { baseDelayMs: 10_000, maxDelayMs: 10_000 }),
    onCall: (event) => {
      events.push(event);
      if (event.willRetry) setImmediate(() => controller.abort());
    },
  });
  fx.peer.script('GetInputCount', { error: { code: status.UNAVAILABLE } });
  await expect(client.getInputCount({ signal: controller.signal })).rejects.toThrow('GetInputCount aborted');
  expect(events.map((e) => [e.attempt, e.grpcCodeName, e.willRetry])).toEqual([[1, 'UNAVAILABLE', true]]);
  expect(fx.peer.calls).toHaveLength(1);
});

test('TLS is the default: with custom root certificates it reaches a TLS peer, and no plain-text one', async () => {
  const tls = { cert: readFileSync(path.join(__dirname, 'tls/peer.crt')), key: readFileSync(path.join(__dirname, 'tls/peer.key')) };
  const secure = await PeerServer.start({ tls });
  const target = `localhost:${secure.port}`;
  const good = new InputsClient({ apiKey: 'k', target, rootCerts: tls.cert, retry: false, timeoutMs: 5_000 });
  const untrusted = new InputsClient({ apiKey: 'k', target, retry: false, timeoutMs: 5_000 });
  const plainPeer = new InputsClient({ apiKey: 'k', target: `localhost:${fx.peer.port}`, rootCerts: tls.cert, retry: false, timeoutMs: 5_000 });
  try {
    await expect(good.getInputCount()).resolves.toMatchObject({ processed: 0 });
    expect(secure.calls[0]!.metadata.authorization).toEqual(['Key k']);
    await expect(untrusted.getInputCount()).rejects.toMatchObject({ grpcCodeName: 'UNAVAILABLE' });
    await expect(plainPeer.getInputCount()).rejects.toMatchObject({ grpcCodeName: 'UNAVAILABLE' });
    expect(secure.calls).toHaveLength(1);
    expect(fx.peer.calls).toHaveLength(0);
  } finally {
    for (const client of [good, untrusted, plainPeer]) client.close();
    await secure.close();
  }
});
