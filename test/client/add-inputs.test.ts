/** addInputs: results, MIXED_STATUS, failOnPartial, progress, lazy sources, and the never-double guarantee. */
import { status } from '@grpc/grpc-js';
import { ClarifaiAbortError, ClarifaiApiError, ClarifaiPartialFailureError, ClarifaiTransportError, ClarifaiValidationError, StatusCode, type AddInputsProgress, type NewInput } from '../../src';
import { collect, fastRetry, startPeerFixture, type PeerFixture } from './fixtures';

let fx: PeerFixture;
beforeAll(async () => {
  fx = await startPeerFixture();
});
afterAll(() => fx.close());
beforeEach(() => {
  fx.peer.calls.splice(0);
  fx.peer.store.inputs.clear();
});

const texts = (n: number, prefix = 't'): NewInput[] => Array.from({ length: n }, (_, i) => ({ text: { raw: `${prefix}${i}` } }));

test('an answer lost after the write: the retry counts those inputs as added, never failed, never twice', async () => {
  const client = fx.client({ concurrency: 1 });
  fx.peer.script('PostInputs', { loseAnswer: true });
  const inputs = [...texts(130), { id: 'mine', text: { raw: 'given id' } }];
  const result = await client.addInputs(inputs);

  expect(result.failed).toEqual([]);
  expect(result.added).toHaveLength(131);
  expect(new Set(result.added.map((i) => i.id)).size).toBe(131);
  expect(result.added.map((i) => i.input.data?.text?.raw)).toEqual(inputs.map((i) => (i.text as { raw: string }).raw));
  expect(fx.peer.store.inputs.size).toBe(131);
  // first batch: lost answer, retry answered "duplicate" for all, confirmed by ListInputs ids
  const posts = fx.peer.callsTo('PostInputs');
  expect(posts.map((c) => c.request.inputs.length)).toEqual([128, 128, 3]);
  expect(posts[1]!.request.inputs.map((i: any) => i.id)).toEqual(posts[0]!.request.inputs.map((i: any) => i.id));
  const confirms = fx.peer.callsTo('ListInputs');
  expect(confirms).toHaveLength(1);
  expect(confirms[0]!.request.ids).toEqual(posts[0]!.request.inputs.map((i: any) => i.id));
});

test('a lost answer for part of a batch: new inputs of the retry and the earlier write both count once', async () => {
  const client = fx.client();
  // The first attempt lands, its answer is lost; before the retry, one of the ids is deleted
  // (as if that input had not been written): the retry adds it anew.
  fx.peer.script('PostInputs', { loseAnswer: true });
  fx.peer.on('PostInputs', (request) => {
    fx.peer.store.inputs.delete(request.inputs[0].id);
    fx.peer.on('PostInputs', () => ({ store: true }));
    return { store: true };
  });
  const result = await client.addInputs(texts(5));
  expect(result.failed).toEqual([]);
  expect(result.added).toHaveLength(5);
  expect(fx.peer.store.inputs.size).toBe(5);
  expect(fx.peer.callsTo('ListInputs')[0]!.request.ids).toHaveLength(4);
});

test('MIXED_STATUS is a result: every input in exactly one list, with code, name, description and details', async () => {
  const client = fx.client();
  await client.addInputs([{ id: 'dup', text: { raw: 'first' } }]);
  const inputs: NewInput[] = [{ id: 'n1', text: { raw: 'a' } }, { id: 'dup', text: { raw: 'again' }, concepts: ['x'] }, { id: 'n2', text: { raw: 'b' } }];
  const result = await client.addInputs(inputs);
  expect(result.added.map((i) => i.id)).toEqual(['n1', 'n2']);
  expect(result.failed).toEqual([
    {
      input: inputs[1],
      id: 'dup',
      index: 1,
      statusCode: StatusCode.INPUT_DUPLICATE,
      statusCodeName: 'INPUT_DUPLICATE',
      code: StatusCode.INPUT_DUPLICATE,
      codeName: 'INPUT_DUPLICATE',
      description: 'Input already exists',
      details: 'Input has a duplicate ID.',
    },
  ]);
  // a duplicate of an id that existed before the call is a real failure: no confirmation call
  expect(fx.peer.callsTo('ListInputs')).toHaveLength(0);
});

test('a batch where every input fails (FAILURE with per-input statuses) is still a result', async () => {
  const client = fx.client();
  await client.addInputs([{ id: 'x1', text: { raw: '1' } }, { id: 'x2', text: { raw: '2' } }]);
  const result = await client.addInputs([{ id: 'x1', text: { raw: '1' } }, { id: 'x2', text: { raw: '2' } }]);
  expect(result.added).toEqual([]);
  expect(result.failed.map((f) => [f.id, f.statusCodeName])).toEqual([
    ['x1', 'INPUT_DUPLICATE'],
    ['x2', 'INPUT_DUPLICATE'],
  ]);
});

test('failOnPartial throws ClarifaiPartialFailureError carrying both lists', async () => {
  const client = fx.client();
  await client.addInputs([{ id: 'dup', text: { raw: 'first' } }]);
  const error = (await client
    .addInputs([{ id: 'ok1', text: { raw: 'a' } }, { id: 'dup', text: { raw: 'b' } }], { failOnPartial: true })
    .catch((e: unknown) => e)) as ClarifaiPartialFailureError;
  expect(error).toBeInstanceOf(ClarifaiPartialFailureError);
  expect(error.message).toContain('1 input(s) failed, 1 added');
  expect(error.partialResult?.added.map((i) => i.id)).toEqual(['ok1']);
  expect(error.failed.map((f) => f.id)).toEqual(['dup']);
  await expect(client.addInput({ id: 'dup', text: { raw: 'c' } })).rejects.toBeInstanceOf(ClarifaiPartialFailureError);
});

test('addInput returns the stored input', async () => {
  const client = fx.client();
  const input = await client.addInput({ id: 'single', image: { url: 'http://127.0.0.1:1/x.png' }, concepts: ['a'] });
  expect(input.id).toBe('single');
  expect(input.data?.concepts[0]).toMatchObject({ id: 'a', value: 1 });
});

test('progress is reported per batch with totals for arrays', async () => {
  const client = fx.client({ batchSize: 50, concurrency: 1 });
  const progress: AddInputsProgress[] = [];
  await client.addInputs([{ id: 'dup', text: { raw: '0' } }]);
  await client.addInputs([...texts(120), { id: 'dup', text: { raw: 'again' } }], { onProgress: (p) => progress.push(p) });
  expect(progress).toEqual([
    { done: 50, failed: 0, total: 121 },
    { done: 100, failed: 0, total: 121 },
    { done: 121, failed: 1, total: 121 },
  ]);
});

test.each([
  ['async', (count: () => void) => (async function* (): AsyncGenerator<NewInput> {
    for (let i = 0; i < 100; i++) {
      count();
      yield { text: { raw: `lazy${i}` } };
    }
  })()],
  ['sync', (count: () => void) => (function* (): Generator<NewInput> {
    for (let i = 0; i < 100; i++) {
      count();
      yield { text: { raw: `lazy${i}` } };
    }
  })()],
])('%s iterables are read lazily, batch by batch', async (_kind, source) => {
  const client = fx.client({ batchSize: 10, concurrency: 2 });
  let produced = 0;
  const readAhead: number[] = [];
  fx.peer.on('PostInputs', () => {
    readAhead.push(produced);
    return { store: true };
  });
  const result = await client.addInputs(source(() => produced++));
  expect(result.added).toHaveLength(100);
  // with 2 batches in flight, at most 3 batches have been read when a batch arrives
  readAhead.forEach((count, i) => expect(count).toBeLessThanOrEqual((i + 3) * 10));
  expect(readAhead[0]).toBeLessThanOrEqual(30);
  expect(await collect(client.listInputs())).toHaveLength(100);
});

test('a source with both iterators is read through its async one', async () => {
  const client = fx.client();
  const both = {
    *[Symbol.iterator](): Generator<NewInput> {
      yield { text: { raw: 'from the sync iterator' } };
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<NewInput> {
      yield { text: { raw: 'from the async iterator' } };
    },
  };
  const result = await client.addInputs(both);
  expect(result.added.map((a) => a.input.data?.text?.raw)).toEqual(['from the async iterator']);
});

test('an invalid input in a lazy source stops the upload; what was added is reported', async () => {
  const client = fx.client({ batchSize: 10, concurrency: 1 });
  function* source(): Generator<NewInput> {
    yield* texts(25);
    yield { id: 'bad', text: { raw: 'x' }, metadata: { score: Number.NaN } };
    yield* texts(10, 'after');
  }
  const error = (await client.addInputs(source()).catch((e: unknown) => e)) as ClarifaiValidationError;
  expect(error).toBeInstanceOf(ClarifaiValidationError);
  expect(error.message).toBe('input #25 (id "bad"): metadata.score is NaN; metadata must be plain JSON');
  expect(error.partialResult?.added).toHaveLength(20);
  expect(fx.peer.store.inputs.size).toBe(20);
});

test('a fatal batch error stops the upload; the failed batch is looked up by id, so nothing is left unconfirmed', async () => {
  const client = fx.client({ batchSize: 5, concurrency: 1, retry: false });
  fx.peer.script('PostInputs', { store: true }, { error: { code: status.PERMISSION_DENIED, details: 'no' } });
  const error = (await client.addInputs(texts(20)).catch((e: unknown) => e)) as ClarifaiTransportError;
  expect(error).toBeInstanceOf(ClarifaiTransportError);
  expect(error.partialResult?.added).toHaveLength(5);
  // the refused batch was not stored: the lookup by id says so, and each input is failed, naming the error
  const sent = fx.peer.callsTo('PostInputs')[1]!.request.inputs.map((i: any) => i.id);
  expect(error.partialResult?.failed.map((f) => [f.index, f.id, f.statusCodeName])).toEqual(sent.map((id: string, i: number) => [5 + i, id, 'FAILURE']));
  expect(error.partialResult?.failed[0]!.description).toMatch(/^not stored: PostInputs failed: PERMISSION_DENIED .*not found by id afterwards$/);
  expect(error.partialResult?.unconfirmed).toBeUndefined();
  expect(fx.peer.callsTo('ListInputs')[0]!.request.ids).toEqual(sent);
  expect(fx.peer.callsTo('PostInputs')).toHaveLength(2);
});

test('refused only after retries: an earlier attempt may have stored the batch, so it is looked up and reported, never left out', async () => {
  const client = fx.client({ batchSize: 4, concurrency: 1, rateLimiter: false, retry: { ...fastRetry, maxAttempts: 2 } });
  // Attempt 1 stores the batch and loses its answer; attempt 2 is refused with a retryable status.
  fx.peer.script('PostInputs', { loseAnswer: true }, { response: { status: { code: StatusCode.RPC_SERVER_UNAVAILABLE, description: 'busy' } } });
  const error = (await client.addInputs(texts(4)).catch((e: unknown) => e)) as ClarifaiApiError;
  expect(error).toBeInstanceOf(ClarifaiApiError);
  expect(error.attempts).toBe(2);
  expect(error.partialResult?.added.map((a) => a.index)).toEqual([0, 1, 2, 3]);
  expect(fx.peer.store.inputs.size).toBe(4);
});

test('refused on its only attempt: nothing was stored, so nothing is looked up', async () => {
  const client = fx.client({ batchSize: 4, retry: false });
  fx.peer.script('PostInputs', { response: { status: { code: StatusCode.CONN_INSUFFICIENT_SCOPES, description: 'no scope' } } });
  const error = (await client.addInputs(texts(4)).catch((e: unknown) => e)) as ClarifaiApiError;
  expect(error).toBeInstanceOf(ClarifaiApiError);
  expect(error.partialResult?.added ?? []).toEqual([]);
  expect(fx.peer.callsTo('ListInputs')).toHaveLength(0);
});

test('an answer lost for good: the lookup by id finds the inputs, so they are added', async () => {
  const client = fx.client({ batchSize: 4, retry: false });
  fx.peer.script('PostInputs', { loseAnswer: true });
  const error = (await client.addInputs(texts(4)).catch((e: unknown) => e)) as ClarifaiTransportError;
  expect(error).toBeInstanceOf(ClarifaiTransportError);
  expect(error.partialResult?.added.map((a) => a.index)).toEqual([0, 1, 2, 3]);
  expect(error.partialResult?.failed).toEqual([]);
  expect(error.partialResult?.unconfirmed).toBeUndefined();
  expect(fx.peer.store.inputs.size).toBe(4);
});

test('an answer lost and the lookup unanswered: the batch is unconfirmed; adding it again resolves it', async () => {
  const client = fx.client({ batchSize: 4, retry: false });
  fx.peer.script('PostInputs', { loseAnswer: true });
  fx.peer.script('ListInputs', { error: { code: status.UNAVAILABLE } });
  const error = (await client.addInputs(texts(4)).catch((e: unknown) => e)) as ClarifaiTransportError;
  const unconfirmed = error.partialResult!.unconfirmed!;
  expect(unconfirmed).toHaveLength(4);
  const again = await client.addInputs(unconfirmed.map((u) => u.input));
  expect(again.failed.map((f) => f.statusCodeName)).toEqual(['INPUT_DUPLICATE', 'INPUT_DUPLICATE', 'INPUT_DUPLICATE', 'INPUT_DUPLICATE']);
  expect(fx.peer.store.inputs.size).toBe(4);
});

test('an API refusal of a whole batch stores nothing and leaves nothing unconfirmed', async () => {
  const client = fx.client({ batchSize: 4 });
  fx.peer.script('PostInputs', { response: { status: { code: StatusCode.CONN_INSUFFICIENT_SCOPES, description: 'no scope' } } });
  const error = (await client.addInputs(texts(4)).catch((e: unknown) => e)) as ClarifaiApiError;
  expect(error).toBeInstanceOf(ClarifaiApiError);
  expect(error.partialResult).toEqual({ added: [], failed: [] });
});

test('an invalid array sends nothing', async () => {
  const client = fx.client();
  // @ts-expect-error two kinds of content do not compile; JavaScript callers get this error
  await expect(client.addInputs([...texts(3), { text: { raw: 'x' }, image: { url: 'u' } }])).rejects.toThrow(
    'input #3: content must be exactly one of image, video, audio, text (got image, text)',
  );
  await expect(client.addInputs([{ id: 'same', text: { raw: '1' } }, { id: 'same', text: { raw: '2' } }])).rejects.toThrow(
    'input #1 (id "same"): id appears more than once in this call',
  );
  // eslint-disable-next-line no-sparse-arrays
  await expect(client.addInputs([{ text: { raw: '1' } }, , { text: { raw: '3' } }] as NewInput[])).rejects.toThrow('input #1: input must be an object');
  expect(fx.peer.calls).toHaveLength(0);
});

test('a file that cannot be read names the input and the file', async () => {
  const client = fx.client();
  await expect(client.addInputs([{ id: 'f1', image: { file: '/nonexistent/cat.jpg' } }])).rejects.toThrow(
    'input #0 (id "f1"): image.file "/nonexistent/cat.jpg" cannot be read (ENOENT)',
  );
  expect(fx.peer.calls).toHaveLength(0);
});

test('bad per-call options are refused before anything is sent', async () => {
  const client = fx.client();
  await expect(client.addInputs(texts(3), { timeoutMs: 0 })).rejects.toThrow('option `timeoutMs` must be an integer >= 1, got 0');
  await expect(client.addInputs(texts(3), { metadata: { authorization: 'Key x' } })).rejects.toThrow('"authorization" is set by the client itself');
  await expect(client.addInputs(texts(3), { batchSize: 200 })).rejects.toThrow('option `batchSize` must be an integer in 1..128, got 200');
  await expect(client.addInputs('not inputs' as never)).rejects.toThrow('inputs must be an array, an iterable or an async iterable');
  expect(() => client.listInputs({ timeoutMs: -1 })).toThrow('option `timeoutMs`');
  expect(fx.peer.calls).toHaveLength(0);
});

test('an abort in the middle of an upload: finished batches are added, the one in flight is looked up by id (not stored: failed), the rest unsent', async () => {
  const client = fx.client({ batchSize: 5, concurrency: 1 });
  const controller = new AbortController();
  fx.peer.script('PostInputs', { store: true }, { hang: true });
  const pending = client.addInputs(texts(20), { signal: controller.signal });
  while (fx.peer.callsTo('PostInputs').length < 2) await new Promise((resolve) => setImmediate(resolve));
  controller.abort();
  const error = (await pending.catch((e: unknown) => e)) as ClarifaiAbortError;
  expect(error).toBeInstanceOf(ClarifaiAbortError);
  expect(error.partialResult?.added).toHaveLength(5);
  expect(error.partialResult?.failed.map((f) => [f.index, f.statusCodeName])).toEqual([5, 6, 7, 8, 9].map((i) => [i, 'RPC_CANCELED']));
  expect(error.partialResult?.unconfirmed).toBeUndefined();
  expect(fx.peer.callsTo('PostInputs')).toHaveLength(2);
});

test('an abort while the batch in flight had landed: nothing unconfirmed, the landed inputs are added', async () => {
  const client = fx.client({ batchSize: 5, concurrency: 2 });
  const controller = new AbortController();
  // Both batches are written, then never answered.
  fx.peer.on('PostInputs', (request) => {
    fx.peer.store.postInputs(request);
    return { hang: true };
  });
  const pending = client.addInputs(texts(10), { signal: controller.signal });
  while (fx.peer.callsTo('PostInputs').length < 2) await new Promise((resolve) => setImmediate(resolve));
  controller.abort();
  const error = (await pending.catch((e: unknown) => e)) as ClarifaiAbortError;
  expect(error).toBeInstanceOf(ClarifaiAbortError);
  expect(error.partialResult?.added.map((a) => a.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(error.partialResult?.failed).toEqual([]);
  expect(error.partialResult?.unconfirmed).toBeUndefined();
  expect(fx.peer.store.inputs.size).toBe(10);
});
