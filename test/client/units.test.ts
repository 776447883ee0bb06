/** Pure pieces: backoff, abortable delay, metadata checks, metadata merging, config, conversion. */
import { Metadata } from '@grpc/grpc-js';
import { inspect } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ClarifaiValidationError, InputsClient } from '../../src';
import { backoffDelay } from '../../src/client/call/retry-policy';
import { findMetadataProblem } from '../../src/client/inputs/json-metadata';
import { mergeMetadata } from '../../src/client/call/metadata';
import { resolveConfig, DEFAULT_TARGET } from '../../src/client/config';
import { validateNewInput } from '../../src/client/inputs/validate-input';
import { toProtoInput } from '../../src/client/inputs/to-proto-input';
import { VERSION } from '../../src/client/version';
import { ClarifaiApiError, ClarifaiTransportError } from '../../src/client/errors';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5 };

test('full-jitter backoff doubles from the base and is capped', () => {
  expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(policy, n))).toEqual([50, 100, 200, 400, 500, 500]);
  expect(backoffDelay({ ...policy, random: () => 0 }, 3)).toBe(0);
  expect(backoffDelay({ ...policy, random: () => 0.999_999 }, 10)).toBe(999);
});

test('retry classification: every error says whether another attempt may succeed', () => {
  const transport = (grpcCode: number, idempotent: boolean) => new ClarifaiTransportError({ method: 'm', grpcCode, details: '', idempotent });
  const api = (statusCode: number) => new ClarifaiApiError({ method: 'm', statusCode, statusCodeName: '', description: '', details: '', reqId: '' });
  expect([14, 4, 8, 3, 16].map((code) => transport(code, true).retryable)).toEqual([true, true, true, false, false]);
  expect([14, 4, 8].map((code) => transport(code, false).retryable)).toEqual([true, false, false]);
  expect(new ClarifaiTransportError({ method: 'm', grpcCode: 8, details: 'Received message larger than max (5 vs 4)', idempotent: true }).retryable).toBe(false);
  expect([11005, 11003, 40030, 40031, 40032, 11008, 11002, 11102, 10020].map((code) => api(code).retryable)).toEqual([
    true, true, true, true, true, false, false, false, false,
  ]);
  expect(new ClarifaiValidationError('x').retryable).toBe(false);
});

test.each([
  [{ a: Number.NaN }, 'metadata.a', 'is NaN'],
  [{ a: { b: [1, Infinity] } }, 'metadata.a.b[1]', 'is Infinity'],
  [{ big: 10n }, 'metadata.big', 'is a BigInt'],
  [{ f: () => 1 }, 'metadata.f', 'is a function'],
  [{ d: new Date(0) }, 'metadata.d', 'is an instance of Date'],
  [{ u: undefined }, 'metadata.u', 'is undefined'],
  [{ 'odd key': Symbol('s') }, 'metadata["odd key"]', 'is a symbol'],
  [[1, 2], 'metadata', 'must be a plain JSON object, got an array'],
  [null, 'metadata', 'must be a plain JSON object, got null'],
])('metadata %p is refused at %s', (metadata, where, problem) => {
  expect(findMetadataProblem(metadata)).toEqual({ path: where, problem });
});

test('cyclic metadata is refused; shared (non-cyclic) references are fine', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = { back: cyclic };
  expect(findMetadataProblem(cyclic)).toEqual({ path: 'metadata.self.back', problem: 'is a circular reference' });
  const shared = { x: 1 };
  expect(findMetadataProblem({ a: shared, b: shared, c: [shared], n: null, s: 's', t: true })).toBeUndefined();
  expect(findMetadataProblem(Object.create(null))).toBeUndefined();
});

test.each([
  [{}, 'input #0: content must be exactly one of image, video, audio, text (got none)'],
  [{ image: {} }, 'input #0: image must have exactly one of url, bytes, file (got none)'],
  [{ image: { url: 'u', file: 'f' } }, 'input #0: image must have exactly one of url, bytes, file (got url, file)'],
  [{ image: { bytes: 'abc' } }, 'input #0: image.bytes must be a Uint8Array or Buffer'],
  [{ image: { bytes: new Uint8Array(0) } }, 'input #0: image.bytes is empty'],
  [{ image: { file: 'f', allowDuplicateUrl: true } }, 'input #0: image.allowDuplicateUrl applies to url only'],
  [{ id: '', text: { raw: 'x' } }, 'input #0 (id ""): id must be a non-empty string'],
  [{ id: 'k', text: { raw: 'x' }, concept: ['a'] }, 'input #0 (id "k"): concept is not a known field'],
  [{ text: { raw: 'x' }, concepts: ['a', ''] }, 'input #0: concepts[1] must be a non-empty string'],
  [{ text: { raw: 'x' }, concepts: [{ id: 'a', value: 2 }] }, 'input #0: concepts[0].value must be a number from 0 to 1'],
  [{ text: { raw: 'x' }, negativeConcepts: 'a' }, 'input #0: negativeConcepts must be an array of strings'],
  [{ text: { raw: 'x' }, geo: { latitude: 91, longitude: 0 } }, 'input #0: geo.latitude must be a number from -90 to 90'],
  [{ text: { raw: 'x' }, metadata: { n: Number.POSITIVE_INFINITY } }, 'input #0: metadata.n is Infinity; metadata must be plain JSON'],
  ['just a string', 'input #0: input must be an object'],
])('validateNewInput(%p) → %s', (input, message) => {
  let caught: unknown;
  try {
    validateNewInput(input, 0);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ClarifaiValidationError);
  expect((caught as Error).message).toBe(message);
});

test('conversion: string concept → 1, negative → 0, object default value 1', async () => {
  const input = await toProtoInput({ text: { raw: 'x' }, concepts: ['a', { id: 'b' }, { id: 'c', value: 0 }], negativeConcepts: ['d'] }, 'id1', 0);
  expect(input.data?.concepts.map((c) => [c.id, c.value])).toEqual([
    ['a', 1],
    ['b', 1],
    ['c', 0],
    ['d', 0],
  ]);
  expect(input.id).toBe('id1');
});

test('metadata merging adds values and refuses to replace reserved headers', () => {
  const base = new Metadata();
  base.set('authorization', 'Key k');
  base.set('x-team', 'a');
  const merged = mergeMetadata(base, new Set(['authorization']), { 'X-Team': 'b' }, undefined, { 'x-trace': ['1', '2'] });
  expect(merged.get('x-team')).toEqual(['a', 'b']);
  expect(merged.get('x-trace')).toEqual(['1', '2']);
  expect(base.get('x-team')).toEqual(['a']);
  const extra = new Metadata();
  extra.set('authorization', 'Key other');
  expect(() => mergeMetadata(base, new Set(['authorization']), extra)).toThrow('metadata: "authorization" is set by the client itself and cannot be given again');
});

describe('configuration', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const name of ['CLARIFAI_PAT', 'CLARIFAI_API_KEY', 'CLARIFAI_USER_ID', 'CLARIFAI_APP_ID', 'CLARIFAI_GRPC_BASE']) delete process.env[name];
  });
  afterAll(() => {
    process.env = saved;
  });

  test('a missing key is a clear error at construction', () => {
    expect(() => new InputsClient()).toThrow('no API key: pass option `apiKey`, or set CLARIFAI_PAT or CLARIFAI_API_KEY (or pass `callCredentials`)');
  });

  test('environment defaults: CLARIFAI_PAT before CLARIFAI_API_KEY, ids, target', () => {
    process.env.CLARIFAI_API_KEY = 'app-key';
    expect(resolveConfig({}).apiKey).toBe('app-key');
    process.env.CLARIFAI_PAT = 'pat';
    process.env.CLARIFAI_USER_ID = 'u';
    process.env.CLARIFAI_APP_ID = 'a';
    const config = resolveConfig({});
    expect([config.apiKey, config.userId, config.appId, config.target]).toEqual(['pat', 'u', 'a', DEFAULT_TARGET]);
    process.env.CLARIFAI_GRPC_BASE = 'localhost:9999';
    expect(resolveConfig({}).target).toBe('localhost:9999');
    expect(resolveConfig({ target: 'x:1', apiKey: 'given' })).toMatchObject({ target: 'x:1', apiKey: 'given', timeoutMs: 60_000, batchSize: 128, concurrency: 4 });
    expect(resolveConfig({ apiKey: 'k' }).retry).toMatchObject({ maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 });
  });

  test.each([
    [{ batchSize: 129 }, 'option `batchSize` must be an integer in 1..128, got 129'],
    [{ batchSize: 0 }, 'option `batchSize` must be an integer in 1..128, got 0'],
    [{ timeoutMs: -5 }, 'option `timeoutMs` must be an integer >= 1, got -5'],
    [{ concurrency: 1.5 }, 'option `concurrency` must be an integer in 1..64, got 1.5'],
    [{ retry: { maxAttempts: 0 } }, 'option `retry.maxAttempts` must be an integer in 1..100, got 0'],
    [{ retry: 3 }, 'option `retry` must be an object or false'],
    [{ target: '' }, 'option `target` must be a non-empty string'],
    [{ apiKey: 'a\nb' }, 'option `apiKey` must not contain line breaks'],
  ])('bad option %p → %s', (options, message) => {
    expect(() => new InputsClient({ apiKey: 'k', ...(options as object) })).toThrow(message);
  });

  test('the key never shows in inspect, JSON or errors; the options object is not modified', () => {
    const options = { apiKey: 'sup3r-secret-key', target: '127.0.0.1:1', insecure: true, retry: { maxAttempts: 2 } };
    const frozen = JSON.stringify(options);
    const client = new InputsClient(options);
    try {
      expect(inspect(client, { showHidden: true, depth: 10 })).not.toContain('sup3r');
      expect(JSON.stringify(client)).toBe('{"target":"127.0.0.1:1"}');
      expect(JSON.stringify(options)).toBe(frozen);
    } finally {
      client.close();
      client.close();
    }
    expect(() => client.listInputs()).toThrow('InputsClient is closed');
  });
});

test('VERSION matches package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string };
  expect(VERSION).toBe(pkg.version);
});
