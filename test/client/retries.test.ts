/** Retries, backoff, deadlines and cancellation against a real grpc-js peer. */
import { status } from '@grpc/grpc-js';
import {
  ClarifaiAbortError,
  ClarifaiApiError,
  ClarifaiError,
  ClarifaiTransportError,
  StatusCode,
  type CallEvent,
} from '../../src';
import { pinnedJitter, startPeerFixture, TEST_KEY, type PeerFixture } from './fixtures';

let fx: PeerFixture;
beforeAll(async () => {
  fx = await startPeerFixture();
});
afterAll(() => fx.close());
beforeEach(() => fx.peer.calls.splice(0));

const throttled = { response: { status: { code: StatusCode.CONN_THROTTLED, description: 'Making too many requests', req_id: 'r-throttle' } } };
const unavailable = { error: { code: status.UNAVAILABLE, details: 'try again' } };

test('throttling, then UNAVAILABLE, then success: three attempts with capped full-jitter waits', async () => {
  const events: CallEvent[] = [];
  const randoms = [0.5, 0.25];
  // Without pacing (test/client/pacing.test.ts has throttling with it), a throttle backs off like any failure.
  const client = fx.client({
    retry: pinnedJitter(() => randoms.shift() ?? 0, { maxAttempts: 5, baseDelayMs: 40, maxDelayMs: 60 }),
    rateLimiter: false,
    onCall: (event) => events.push(event),
  });
  fx.peer.script('GetInputCount', throttled, unavailable);
  const counts = await client.getInputCount();
  expect(counts.processed).toBe(0);

  const calls = fx.peer.callsTo('GetInputCount');
  expect(calls).toHaveLength(3);
  // waits: 0.5 * min(60, 40) = 20 ms, then 0.25 * min(60, 80) = 15 ms
  expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(19);
  expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(14);
  expect(events.map((e) => [e.method, e.attempt, e.grpcCodeName, e.statusCodeName, e.willRetry, e.retryDelayMs])).toEqual([
    ['GetInputCount', 1, 'OK', 'CONN_THROTTLED', true, 20],
    ['GetInputCount', 2, 'UNAVAILABLE', undefined, true, 15],
    ['GetInputCount', 3, 'OK', 'SUCCESS', false, undefined],
  ]);
  expect(events[0]!.reqId).toBe('r-throttle');
});

test.each([
  ['CONN_EXCEED_HOURLY_LIMIT', StatusCode.CONN_EXCEED_HOURLY_LIMIT],
  ['RPC_REQUEST_QUEUE_FULL', StatusCode.RPC_REQUEST_QUEUE_FULL],
  ['RPC_SERVER_UNAVAILABLE', StatusCode.RPC_SERVER_UNAVAILABLE],
  ['RPC_REQUEST_TIMEOUT', StatusCode.RPC_REQUEST_TIMEOUT],
])('%s is retried', async (_name, code) => {
  const client = fx.client();
  fx.peer.script('ListInputs', { response: { status: { code } } });
  await expect(client.listInputsPage()).resolves.toEqual([]);
  expect(fx.peer.callsTo('ListInputs')).toHaveLength(2);
});

test('auth errors and invalid requests are not retried; the error reads well and hides the key', async () => {
  const client = fx.client();
  fx.peer.script('GetInput', {
    response: { status: { code: StatusCode.CONN_KEY_INVALID, description: 'API key is invalid', details: 'check the key', req_id: 'req-9' } },
  });
  const error: unknown = await client.getInput('x').catch((e: unknown) => e);
  expect(fx.peer.callsTo('GetInput')).toHaveLength(1);
  expect(error).toBeInstanceOf(ClarifaiApiError);
  expect(error).toBeInstanceOf(ClarifaiError);
  const api = error as ClarifaiApiError;
  expect([api.method, api.statusCode, api.statusCodeName, api.description, api.details, api.reqId]).toEqual([
    'GetInput',
    11008,
    'CONN_KEY_INVALID',
    'API key is invalid',
    'check the key',
    'req-9',
  ]);
  expect(api.message).toBe('GetInput failed: CONN_KEY_INVALID (11008): API key is invalid: check the key (req_id req-9)');
  expect(JSON.stringify(api) + api.message + String(api.stack)).not.toContain(TEST_KEY);

  fx.peer.script('ListInputs', { error: { code: status.INVALID_ARGUMENT, details: 'bad page' } });
  await expect(client.listInputsPage()).rejects.toMatchObject({ grpcCode: status.INVALID_ARGUMENT, grpcCodeName: 'INVALID_ARGUMENT', method: 'ListInputs' });
  expect(fx.peer.callsTo('ListInputs')).toHaveLength(1);
});

test('attempts are limited, and the last error is thrown with its cause', async () => {
  const client = fx.client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
  fx.peer.script('GetInputCount', unavailable, unavailable, unavailable, unavailable);
  const error = (await client.getInputCount().catch((e: unknown) => e)) as ClarifaiTransportError;
  expect(error).toBeInstanceOf(ClarifaiTransportError);
  expect([error.grpcCode, error.grpcCodeName, error.method]).toEqual([status.UNAVAILABLE, 'UNAVAILABLE', 'GetInputCount']);
  expect((error.cause as { code: number }).code).toBe(status.UNAVAILABLE);
  expect(fx.peer.callsTo('GetInputCount')).toHaveLength(3);
  // The fourth scripted failure is used up here; the retry after it succeeds.
  await client.getInputCount();
  expect(fx.peer.callsTo('GetInputCount')).toHaveLength(5);
});

test('retry: false makes one attempt', async () => {
  const client = fx.client({ retry: false });
  fx.peer.script('GetInputCount', unavailable);
  await expect(client.getInputCount()).rejects.toBeInstanceOf(ClarifaiTransportError);
  expect(fx.peer.callsTo('GetInputCount')).toHaveLength(1);
});

test('DEADLINE_EXCEEDED from the server is retried for reads and PostInputs, not for PatchInputs', async () => {
  const client = fx.client();
  const deadline = { error: { code: status.DEADLINE_EXCEEDED, details: 'upstream timeout' } };
  fx.peer.script('ListInputs', deadline);
  await client.listInputsPage();
  expect(fx.peer.callsTo('ListInputs')).toHaveLength(2);
  fx.peer.script('PostInputs', deadline);
  const added = await client.addInputs([{ id: 'd1', text: { raw: 'x' } }]);
  expect(added.added.map((i) => i.id)).toEqual(['d1']);
  expect(fx.peer.callsTo('PostInputs')).toHaveLength(2);
  fx.peer.script('PatchInputs', deadline);
  await expect(client.patchInputs([{ id: 'd1', concepts: ['c'] }], 'merge')).rejects.toMatchObject({ grpcCodeName: 'DEADLINE_EXCEEDED' });
  expect(fx.peer.callsTo('PatchInputs')).toHaveLength(1);
});

test('a message over the size limit (RESOURCE_EXHAUSTED from grpc-js) is not retried', async () => {
  const attempts: number[] = [];
  const client = fx.client({
    channelOptions: { 'grpc.max_send_message_length': 1024 },
    onCall: (event) => event.method === 'PostInputs' && attempts.push(event.attempt), // then one ListInputs: the batch is looked up by id
  });
  const error = await client.addInputs([{ id: 'big', image: { bytes: new Uint8Array(4096) } }]).catch((e: unknown) => e);
  expect(error).toMatchObject({ grpcCodeName: 'RESOURCE_EXHAUSTED' });
  expect(attempts).toEqual([1]);
  expect(fx.peer.callsTo('PostInputs')).toHaveLength(0);
});

test('a deadline that expires: the call fails on time with DEADLINE_EXCEEDED, no retry after it', async () => {
  const client = fx.client({ timeoutMs: 150 });
  fx.peer.script('GetInput', { hang: true });
  const started = Date.now();
  const error = (await client.getInput('slow').catch((e: unknown) => e)) as ClarifaiTransportError;
  expect(error).toBeInstanceOf(ClarifaiTransportError);
  expect(error.grpcCodeName).toBe('DEADLINE_EXCEEDED');
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(fx.peer.callsTo('GetInput')).toHaveLength(1);
});

test('a backoff wait that would pass the deadline is not taken', async () => {
  const client = fx.client({ timeoutMs: 300, retry: pinnedJitter(() => 0.9, { baseDelayMs: 5_000, maxDelayMs: 5_000 }) });
  fx.peer.script('GetInputCount', unavailable);
  const started = Date.now();
  await expect(client.getInputCount()).rejects.toMatchObject({ grpcCodeName: 'UNAVAILABLE' });
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(fx.peer.callsTo('GetInputCount')).toHaveLength(1);
});

test('an abort during a backoff wait ends the call at once', async () => {
  const controller = new AbortController();
  const client = fx.client({
    retry: pinnedJitter(() => 0.9, { baseDelayMs: 20_000, maxDelayMs: 20_000 }),
    onCall: (event) => event.willRetry && setImmediate(() => controller.abort()),
  });
  fx.peer.script('GetInputCount', unavailable);
  const started = Date.now();
  const error = await client.getInputCount({ signal: controller.signal }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ClarifaiAbortError);
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(fx.peer.callsTo('GetInputCount')).toHaveLength(1);
});

test('an abort cancels an RPC in flight', async () => {
  const client = fx.client();
  fx.peer.script('GetInput', { hang: true });
  const controller = new AbortController();
  const arrived = fx.peer.nextCall('GetInput');
  const pending = client.getInput('x', { signal: controller.signal });
  await arrived;
  controller.abort(new Error('user gave up'));
  const error = (await pending.catch((e: unknown) => e)) as ClarifaiAbortError;
  expect(error).toBeInstanceOf(ClarifaiAbortError);
  expect((error.cause as Error).message).toBe('user gave up');
});

test('an already aborted signal sends nothing', async () => {
  const client = fx.client();
  await expect(client.getInputCount({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(ClarifaiAbortError);
  expect(fx.peer.calls).toHaveLength(0);
});

test('attemptTimeoutMs: a read stuck on one attempt is retried within the overall deadline', async () => {
  const events: CallEvent[] = [];
  const client = fx.client({ timeoutMs: 5_000, retry: { baseDelayMs: 1, maxDelayMs: 1, attemptTimeoutMs: 100 }, onCall: (e) => events.push(e) });
  fx.peer.script('GetInput', { hang: true });
  fx.peer.store.inputs.set('x', { id: 'x', status: { code: StatusCode.INPUT_SUCCESS } });
  await expect(client.getInput('x')).resolves.toMatchObject({ id: 'x' });
  expect(events.map((e) => [e.attempt, e.grpcCodeName, e.willRetry])).toEqual([
    [1, 'DEADLINE_EXCEEDED', true],
    [2, 'OK', false],
  ]);
  const [first, second] = fx.peer.callsTo('GetInput');
  expect(first!.deadline!.getTime() - first!.at).toBeLessThanOrEqual(100);
  expect(second!.deadline!.getTime() - second!.at).toBeLessThanOrEqual(100);
  fx.peer.store.inputs.clear();
});

test('a per-call `retry` overrides the client policy for that call only', async () => {
  const client = fx.client();
  fx.peer.script('GetInputCount', unavailable);
  await expect(client.getInputCount({ retry: false })).rejects.toBeInstanceOf(ClarifaiTransportError);
  expect(fx.peer.callsTo('GetInputCount')).toHaveLength(1);

  fx.peer.calls.splice(0);
  fx.peer.script('GetInputCount', unavailable, unavailable);
  await expect(client.getInputCount({ retry: { maxAttempts: 2 } })).rejects.toBeInstanceOf(ClarifaiTransportError);
  expect(fx.peer.callsTo('GetInputCount')).toHaveLength(2);

  fx.peer.calls.splice(0);
  fx.peer.script('GetInputCount', unavailable);
  await expect(client.getInputCount()).resolves.toBeDefined();
  expect(fx.peer.callsTo('GetInputCount')).toHaveLength(2);
});

test('a bad per-call `retry` or `timeoutMs` is refused before anything is sent, naming the option', async () => {
  const client = fx.client();
  await expect(client.getInputCount({ retry: { maxAttempts: 0 } })).rejects.toThrow('option `retry.maxAttempts` must be an integer in 1..100, got 0');
  await expect(client.deleteInputs(['a'], { timeoutMs: -1 })).rejects.toThrow('option `timeoutMs` must be an integer >= 1, got -1');
  expect(() => client.listInputs({ retry: 'no' as never })).toThrow('option `retry` must be an object or false');
  expect(fx.peer.calls).toHaveLength(0);
});

test('every error says whether it was retryable and how many attempts were made; addInputs errors carry partialResult from construction', async () => {
  const client = fx.client({ batchSize: 1, concurrency: 1 });
  fx.peer.script('GetInputCount', unavailable, unavailable, unavailable, unavailable, unavailable);
  const gaveUp = (await client.getInputCount().catch((e: unknown) => e)) as ClarifaiTransportError;
  expect([gaveUp.grpcCode, gaveUp.retryable, gaveUp.attempts]).toEqual([status.UNAVAILABLE, true, 5]);

  fx.peer.script('GetInput', { response: { status: { code: StatusCode.CONN_KEY_INVALID } } });
  const refused = (await client.getInput('x').catch((e: unknown) => e)) as ClarifaiApiError;
  expect([refused.statusCode, refused.retryable, refused.attempts]).toEqual([StatusCode.CONN_KEY_INVALID, false, 1]);

  fx.peer.script('PostInputs', { store: true }, ...Array.from({ length: 5 }, () => unavailable));
  const stopped = (await client.addInputs([{ id: 'p1', text: { raw: '1' } }, { id: 'p2', text: { raw: '2' } }]).catch((e: unknown) => e)) as ClarifaiTransportError;
  expect(stopped).toBeInstanceOf(ClarifaiTransportError);
  expect([stopped.retryable, stopped.attempts, (stopped.cause as { code: number }).code]).toEqual([true, 5, status.UNAVAILABLE]);
  expect(stopped.partialResult?.added.map((i) => i.id)).toEqual(['p1']);
  // the batch that gave up was looked up by id: not stored, so failed, naming the error (nothing unconfirmed)
  expect(stopped.partialResult?.failed.map((f) => [f.id, f.statusCodeName])).toEqual([['p2', 'FAILURE']]);
  expect(stopped.partialResult?.unconfirmed).toBeUndefined();
  expect(Object.getOwnPropertyDescriptor(stopped, 'partialResult')?.value).toBe(stopped.partialResult);
  fx.peer.store.inputs.clear();
});
