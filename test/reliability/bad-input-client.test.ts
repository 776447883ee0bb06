/**
 * Issue 7.6, through the client against a real emulator: every bad input of the issue's list
 * gets an error (or a failed entry) that names the problem, and nothing of it is stored.
 * The raw-request side is in bad-input-emulator.test.ts and test/emulator/*.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, samplePng, type RunningEmulator } from '../../src/emulator';
import {
  ClarifaiApiError,
  ClarifaiError,
  ClarifaiValidationError,
  InputsClient,
  StatusCode,
  type AddInputsResult,
  type NewInput,
} from '../../src';
import { allStored, emulatorClient, RELIABILITY_KEY } from './support';

let dir: string;
let emulator: RunningEmulator;
let client: InputsClient;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rel-bad-input-'));
  emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY] });
  client = emulatorClient(emulator.target);
});
afterAll(async () => {
  client.close();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every stored input id: nothing may change across a refused call. */
async function storedIds(): Promise<string[]> {
  return (await allStored(client)).map((input) => input.id).sort();
}

const cycle: Record<string, unknown> = { name: 'loop' };
cycle.self = cycle;

describe('refused before anything is sent (ClarifaiValidationError naming input and field)', () => {
  test.each<[string, unknown, RegExp]>([
    ['no data', [{ id: 'nodata' }], /input #0 \(id "nodata"\): content must be exactly one of image, video, audio, text \(got none\)/],
    ['two kinds of data', [{ id: 'two', image: { url: 'http://127.0.0.1:1/a.png' }, text: { raw: 'x' } }], /content must be exactly one of .* \(got image, text\)/],
    ['url and bytes together', [{ image: { url: 'http://127.0.0.1:1/a.png', bytes: samplePng() } }], /image must have exactly one of url, bytes, file \(got url, bytes\)/],
    ['an empty id', [{ id: '', text: { raw: 'x' } }], /input #0 \(id ""\): id must be a non-empty string/],
    ['metadata that is an array', [{ text: { raw: 'x' }, metadata: ['a'] }], /metadata must be a plain JSON object, got an array/],
    ['metadata that is a string', [{ text: { raw: 'x' }, metadata: 'tags' }], /metadata must be a plain JSON object, got a string/],
    ['metadata holding NaN', [{ id: 'nan', text: { raw: 'x' }, metadata: { score: Number.NaN } }], /input #0 \(id "nan"\): metadata.score is NaN; metadata must be plain JSON/],
    ['metadata holding Infinity', [{ text: { raw: 'x' }, metadata: { a: [1, Infinity] } }], /metadata.a\[1\] is Infinity/],
    ['metadata holding a BigInt', [{ text: { raw: 'x' }, metadata: { n: 10n } }], /metadata.n is a BigInt/],
    ['metadata with a cycle', [{ text: { raw: 'x' }, metadata: cycle }], /metadata.self is a circular reference/],
    ['metadata holding a Date', [{ text: { raw: 'x' }, metadata: { at: new Date(0) } }], /metadata.at is an instance of Date/],
    ['a concept with no id', [{ text: { raw: 'x' }, concepts: [{ name: 'cat' }] }], /concepts\[0\].id must be a non-empty string/],
    ['a concept value out of range', [{ text: { raw: 'x' }, concepts: [{ id: 'c', value: 2 }] }], /concepts\[0\].value must be a number from 0 to 1/],
    ['an unknown field', [{ text: { raw: 'x' }, label: 'cat' }], /label is not a known field/],
    ['the same id twice', [{ id: 'twin', text: { raw: 'a' } }, { id: 'twin', text: { raw: 'b' } }], /input #1 \(id "twin"\): id appears more than once in this call/],
    ['a bad input after good ones', [{ text: { raw: 'good' } }, { text: { raw: 'good' } }, { id: 'third' }], /input #2 \(id "third"\): content must be/],
    ['not a list at all', { text: { raw: 'x' } }, /inputs must be an array, an iterable or an async iterable/],
  ])('%s', async (_name, inputs, message) => {
    const before = await storedIds();
    const error = await client.addInputs(inputs as NewInput[]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClarifaiValidationError);
    expect((error as Error).message).toMatch(message);
    expect(await storedIds()).toEqual(before);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['batchSize 129 (a request of 129 inputs)', () => client.addInputs([{ text: { raw: 'x' } }], { batchSize: 129 }), /option `batchSize` must be an integer in 1..128, got 129/],
    ['perPage 0', () => client.listInputsPage({ perPage: 0 }), /option `perPage` must be an integer in 1..1000, got 0/],
    ['perPage 1001', () => client.listInputs({ perPage: 1001 }), /option `perPage` must be an integer in 1..1000, got 1001/],
    ['streamInputs perPage 1001', () => client.streamInputs({ perPage: 1001 }), /option `perPage` must be an integer in 1..1000, got 1001/],
    ['a bad patch action', () => client.patchInputs([{ id: 'x', concepts: ['c'] }], 'replace' as 'merge'), /patchInputs: action must be "merge", "overwrite" or "remove", got "replace"/],
    ['a patch that changes content', () => client.patchInputs([{ id: 'x', text: { raw: 'y' } } as never], 'merge'), /text is not a known field \(patchInputs changes annotations only\)/],
    ['getInput with an empty id', () => client.getInput(''), /getInput: id must be a non-empty string/],
    ['a missing key', () => new InputsClient({ target: emulator.target, insecure: true, apiKey: undefined }), /no API key: pass option `apiKey`/],
    ['a key with a line break', () => new InputsClient({ target: emulator.target, insecure: true, apiKey: 'a\nb' }), /option `apiKey` must not contain line breaks/],
  ])('%s', async (_name, call, message) => {
    const saved = { pat: process.env.CLARIFAI_PAT, key: process.env.CLARIFAI_API_KEY };
    delete process.env.CLARIFAI_PAT;
    delete process.env.CLARIFAI_API_KEY;
    try {
      const error = await (async () => call())().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClarifaiError);
      expect((error as Error).message).toMatch(message);
    } finally {
      if (saved.pat !== undefined) process.env.CLARIFAI_PAT = saved.pat;
      if (saved.key !== undefined) process.env.CLARIFAI_API_KEY = saved.key;
    }
  });
});

describe('refused by the service, per input (a failed entry naming the input and the problem)', () => {
  /** Sends `bad` between two good inputs: the good ones land, the bad one is refused, nothing else is stored. */
  async function sandwich(bad: NewInput): Promise<AddInputsResult['failed'][number]> {
    const before = await storedIds();
    const tag = Math.random().toString(36).slice(2, 10);
    const result = await client.addInputs([{ id: `${tag}-a`, text: { raw: 'good' } }, bad, { id: `${tag}-b`, text: { raw: 'good' } }]);
    expect(result.added.map((input) => input.id)).toEqual([`${tag}-a`, `${tag}-b`]);
    expect(result.failed).toHaveLength(1);
    expect(await storedIds()).toEqual([...before, `${tag}-a`, `${tag}-b`].sort());
    return result.failed[0]!;
  }

  test.each<[string, NewInput, string, RegExp]>([
    ['a URL that does not parse', { id: 'u1', image: { url: 'not a url' } }, 'INPUT_INVALID_URL', /data.image.url/],
    ['a URL that is not http(s)', { id: 'u2', image: { url: 'file:///etc/passwd' } }, 'INPUT_INVALID_URL', /data.image.url/],
    ['an id that is too long', { id: 'a'.repeat(256), text: { raw: 'x' } }, 'INPUT_INVALID_ARGUMENT', /256 characters long; the limit is 255/],
    ['an id with illegal characters', { id: 'a/b c', text: { raw: 'x' } }, 'INPUT_INVALID_ARGUMENT', /not allowed/],
    ['an id with an emoji', { id: 'cat-🐱', text: { raw: 'x' } }, 'INPUT_INVALID_ARGUMENT', /not allowed/],
  ])('%s', async (_name, bad, statusCodeName, details) => {
    const failed = await sandwich(bad);
    expect(failed).toMatchObject({ id: bad.id, index: 1, statusCodeName });
    expect(failed.details).toMatch(/^inputs\[1\]/);
    expect(failed.details).toMatch(details);
  });

  test('a 25 MB image (the limit is 20 MiB): INPUT_OVER_LIMIT, refused by the client before sending, bytes not echoed', async () => {
    const big = Buffer.alloc(25_000_000);
    samplePng(1, 1).copy(big);
    const failed = await sandwich({ id: 'huge', image: { bytes: big } });
    expect(failed).toMatchObject({ id: 'huge', statusCodeName: 'INPUT_OVER_LIMIT', details: 'checked by the client before sending; not sent' });
    expect(failed.description).toMatch(/^input #1 \(id "huge"\): 250000\d\d bytes encoded, over the limit of 20971520 bytes \(maxInputBytes\)$/);
    expect(failed.input.image).toEqual({ bytes: big });
  });

  test('an id already in the app: INPUT_DUPLICATE, the stored one unchanged', async () => {
    await client.addInputs([{ id: 'kept', text: { raw: 'original' } }]);
    const failed = await sandwich({ id: 'kept', text: { raw: 'impostor' } });
    expect(failed).toMatchObject({ id: 'kept', statusCodeName: 'INPUT_DUPLICATE', details: 'Input has a duplicate ID.' });
    expect((await client.getInput('kept')).data?.text?.raw).toBe('original');
  });
});

describe('accepted, then failed in processing (as the real service does)', () => {
  test('non-image bytes for an image: INPUT_FAILED with the reason', async () => {
    await client.addInputs([{ id: 'html', image: { bytes: Buffer.from('<html>not an image</html>') } }]);
    const [final] = await client.waitForInputs(['html'], { pollMs: 10, timeoutMs: 10_000 });
    expect(final?.status?.code).toBe(StatusCode.INPUT_FAILED);
    expect(final?.status?.details).toMatch(/not an image/);
  });
});

describe('files', () => {
  test('an unreadable file: the error names the input and the file; what was stored is exactly what partialResult says', async () => {
    const before = await storedIds();
    const inputs: NewInput[] = Array.from({ length: 40 }, (_, i) => ({ id: `f${i}`, text: { raw: `${i}` } }));
    inputs[25] = { id: 'nofile', image: { file: path.join(dir, 'missing.png') } };
    const error = await client.addInputs(inputs, { batchSize: 10, concurrency: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClarifaiValidationError);
    expect((error as Error).message).toMatch(/input #25 \(id "nofile"\): image.file ".*missing.png" cannot be read \(ENOENT\)/);
    const partial = (error as ClarifaiValidationError).partialResult!;
    const now = await storedIds();
    const fresh = now.filter((id) => !before.includes(id));
    // The batch with the unreadable file sent nothing; earlier batches landed and are reported.
    expect(fresh.sort()).toEqual(partial.added.map((input) => input.id).sort());
    expect(fresh).toHaveLength(20);
    expect(fresh).not.toContain('f20');
  });
});

describe('refused by the service as a whole (ClarifaiApiError naming the problem; nothing changes)', () => {
  test('an unknown last_id', async () => {
    const error = await client.streamInputs({ lastId: 'never-was' }).next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClarifaiApiError);
    expect((error as ClarifaiApiError).statusCodeName).toBe('INPUT_INVALID_REQUEST');
    expect((error as Error).message).toMatch(/last_id "never-was" is not an input/);
  });

  test('deleting an unknown id is not an error (the client retries deletes): it is named in notFound, the known id is deleted', async () => {
    await client.addInputs([{ id: 'd-keep', text: { raw: 'x' } }]);
    const before = await storedIds();
    await expect(client.deleteInputs(['d-keep', 'd-unknown'])).resolves.toEqual({ deleted: ['d-keep'], notFound: ['d-unknown'] });
    expect(await storedIds()).toEqual(before.filter((id) => id !== 'd-keep'));
  });

  test('patching an unknown id fails that input and changes nothing else', async () => {
    const result = await client.patchInputs([{ id: 'p-unknown', concepts: ['c'] }], 'merge');
    expect(result.patched).toEqual([]);
    expect(result.failed).toMatchObject([{ id: 'p-unknown', index: 0, statusCodeName: 'INPUT_DOES_NOT_EXIST' }]);
    expect(result.failed[0]!.details).toMatch(/inputs\[0\] \(id "p-unknown"\) does not exist/);
    const error = await client.patchInputs([{ id: 'p-unknown', concepts: ['c'] }], 'merge', { failOnPartial: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClarifaiError);
    expect((error as Error).message).toMatch(/^PatchInputs: 1 input\(s\) failed, 0 patched; first: p-unknown INPUT_DOES_NOT_EXIST inputs\[0\] \(id "p-unknown"\) does not exist/);
  });

  test.each<[string, Partial<ConstructorParameters<typeof InputsClient>[0]>, string]>([
    ['a wrong key', { apiKey: 'not-the-key' }, 'CONN_KEY_INVALID'],
    ["another user's app", { userId: 'someone-else', appId: 'their-app' }, 'CONN_INSUFFICIENT_SCOPES'],
  ])('%s', async (_name, options, codeName) => {
    const before = await storedIds();
    const other = emulatorClient(emulator.target, options ?? {});
    try {
      const error = await other.addInputs([{ id: 'intruder', text: { raw: 'x' } }]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClarifaiApiError);
      expect((error as ClarifaiApiError).statusCodeName).toBe(codeName);
      expect((error as Error).message).not.toContain('not-the-key');
      expect(await storedIds()).toEqual(before);
    } finally {
      other.close();
    }
  });

  test('an empty list sends nothing and adds nothing (not an error for the client)', async () => {
    const before = await storedIds();
    expect(await client.addInputs([])).toEqual({ added: [], failed: [] });
    expect(await storedIds()).toEqual(before);
  });
});
