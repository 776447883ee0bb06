import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DUPLICATE_ID_DETAILS } from '../../src/duplicate-id';
import { InputIDConflictResolution } from '../../src/generated/clarifai/api/resources.pb';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { startTestEmulator, textInputs, type TestEmulator } from '../support/emulator-harness';
import { samplePng } from '../support/http-fixtures';

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(async () => {
  await t.close();
});

const count = async () => (await t.v2.listInputs({ perPage: 1000 })).inputs.length;

describe('PostInputs request limits', () => {
  it('refuses an empty request and stores nothing', async () => {
    const res = await t.v2.postInputs({ inputs: [] });
    expect(res.status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
    expect(res.status?.details).toMatch(/1 to 128 inputs.*got 0/);
    expect(res.inputs).toHaveLength(0);
  });

  it('refuses 129 inputs as one request error and stores none of them', async () => {
    const res = await t.v2.postInputs({ inputs: textInputs(129) });
    expect(res.status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
    expect(res.status?.details).toContain('got 129');
    expect(res.status?.reqId).toMatch(/^emu-/);
    expect(await count()).toBe(0);
  });

  it('takes exactly 128 inputs, all pending, in request order', async () => {
    const res = await t.v2.postInputs({ inputs: textInputs(128) });
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
    expect(res.inputs.map((i) => i.id)).toEqual(textInputs(128).map((i) => i.id));
    expect(res.inputs.every((i) => i.status?.code === StatusCode.INPUT_PENDING)).toBe(true);
    expect(await count()).toBe(128);
  });

  it('refuses an unknown input_id_conflict_resolution', async () => {
    const res = await t.v2.postInputs({ inputs: textInputs(1), inputIdConflictResolution: 7 as InputIDConflictResolution });
    expect(res.status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
    expect(res.status?.details).toContain('input_id_conflict_resolution');
    expect(await count()).toBe(0);
  });
});

describe('PostInputs ids', () => {
  it('makes unique URL-safe ids when none are given', async () => {
    const res = await t.v2.postInputs({ inputs: Array.from({ length: 50 }, (_, i) => ({ data: { text: { raw: `x${i}` } } })) });
    const ids = res.inputs.map((i) => i.id);
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('fails a duplicate id inside one request with 30100 and the exact details, MIXED_STATUS', async () => {
    const res = await t.v2.postInputs({ inputs: [...textInputs(2), { id: 't-0', data: { text: { raw: 'again' } } }] });
    expect(res.status?.code).toBe(StatusCode.MIXED_STATUS);
    expect(res.inputs.map((i) => i.status?.code)).toEqual([StatusCode.INPUT_PENDING, StatusCode.INPUT_PENDING, StatusCode.INPUT_DUPLICATE]);
    expect(res.inputs[2]?.status?.details).toBe(DUPLICATE_ID_DETAILS);
    expect(DUPLICATE_ID_DETAILS).toBe('Input has a duplicate ID.');
    const stored = await t.v2.getInput({ inputId: 't-0' });
    expect(stored.input?.data?.text?.raw).toBe('text 0');
  });

  it('fails an id already in the app; when every input fails the response is FAILURE', async () => {
    await t.v2.postInputs({ inputs: textInputs(2) });
    const res = await t.v2.postInputs({ inputs: textInputs(2) });
    expect(res.status?.code).toBe(StatusCode.FAILURE);
    expect(res.status?.details).toBe(DUPLICATE_ID_DETAILS);
    expect(res.inputs.every((i) => i.status?.code === StatusCode.INPUT_DUPLICATE && i.status.details === DUPLICATE_ID_DETAILS)).toBe(true);
    expect(await count()).toBe(2);
  });

  it('on a file db, stores one of several concurrent uploads of one id and refuses the others (the check after the bytes are written)', async () => {
    // On a file db each call waits for its bytes to reach the disk between its first look for the
    // id and its transaction, so all of them pass the first look; the transaction's look decides.
    const dir = mkdtempSync(path.join(tmpdir(), 'post-inputs-race-'));
    const f = await startTestEmulator({ db: path.join(dir, 'e.db') });
    try {
      await f.v2.postInputs({ inputs: [{ id: 'stored', data: { image: { base64: samplePng() } } }] });
      const calls = Array.from({ length: 6 }, (_, n) =>
        f.v2.postInputs({
          inputs: [
            { id: 'same', data: { image: { base64: samplePng() }, metadata: { n } } },
            { id: 'stored', data: { image: { base64: samplePng() } } },
            { id: `own-${n}`, data: { image: { base64: samplePng() } } },
          ],
        }),
      );
      const answers = await Promise.all(calls);
      const same = answers.map((a) => a.inputs[0]?.status?.code);
      expect(same.filter((c) => c === StatusCode.INPUT_PENDING)).toHaveLength(1);
      expect(same.filter((c) => c === StatusCode.INPUT_DUPLICATE)).toHaveLength(5);
      expect(answers.every((a) => a.inputs[1]?.status?.code === StatusCode.INPUT_DUPLICATE)).toBe(true);
      expect(answers.every((a) => a.inputs[2]?.status?.code === StatusCode.INPUT_PENDING)).toBe(true);
      const winner = same.indexOf(StatusCode.INPUT_PENDING);
      expect((await f.v2.getInput({ inputId: 'same' })).input?.data?.metadata).toEqual({ n: winner });
      expect((await f.v2.listInputs({ perPage: 1000 })).inputs).toHaveLength(8);
    } finally {
      await f.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('honours SUFFIX: a conflicting id is stored as <id>-1, then <id>-2', async () => {
    await t.v2.postInputs({ inputs: [{ id: 'cat', data: { text: { raw: 'a' } } }] });
    const one = await t.v2.postInputs({ inputs: [{ id: 'cat', data: { text: { raw: 'b' } } }], inputIdConflictResolution: InputIDConflictResolution.SUFFIX });
    const two = await t.v2.postInputs({ inputs: [{ id: 'cat', data: { text: { raw: 'c' } } }], inputIdConflictResolution: InputIDConflictResolution.SUFFIX });
    expect(one.status?.code).toBe(StatusCode.SUCCESS);
    expect(one.inputs[0]?.id).toBe('cat-1');
    expect(two.inputs[0]?.id).toBe('cat-2');
    expect((await t.v2.getInput({ inputId: 'cat-2' })).input?.data?.text?.raw).toBe('c');
  });

  it.each([
    ['empty after trim', ' ', /characters that are not allowed/],
    ['too long', 'a'.repeat(256), /256 characters long; the limit is 255/],
    ['illegal characters', 'a/b', /not allowed/],
    ['emoji', 'cat-🐱', /not allowed/],
    ['leading dot', '.hidden', /not allowed/],
  ])('refuses a bad id (%s) with INPUT_INVALID_ARGUMENT naming the input', async (_name, id, pattern) => {
    const res = await t.v2.postInputs({ inputs: [{ id, data: { text: { raw: 'x' } } }] });
    expect(res.status?.code).toBe(StatusCode.FAILURE);
    expect(res.inputs[0]?.status?.code).toBe(StatusCode.INPUT_INVALID_ARGUMENT);
    expect(res.inputs[0]?.status?.details).toMatch(/^inputs\[0\]/);
    expect(res.inputs[0]?.status?.details).toMatch(pattern);
    expect(await count()).toBe(0);
  });

  it('accepts the longest allowed id and every allowed character', async () => {
    const ids = ['a'.repeat(255), 'A0_-.:z'];
    const res = await t.v2.postInputs({ inputs: ids.map((id) => ({ id, data: { text: { raw: id } } })) });
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
  });
});

describe('PostInputs content', () => {
  it.each([
    ['no data', {}, /has no content/],
    ['empty data', { data: {} }, /has no content/],
    ['two kinds', { data: { image: { url: 'http://127.0.0.1:1/a.png' }, text: { raw: 'x' } } }, /2 kinds of content \(image, text\)/],
    ['url and bytes', { data: { image: { url: 'http://127.0.0.1:1/a.png', base64: samplePng() } } }, /both url and base64/],
    ['neither url nor bytes', { data: { video: {} } }, /neither url nor base64/],
    ['text without raw or url', { data: { text: {} } }, /neither raw nor url/],
    ['a concept with no id', { data: { text: { raw: 'x' }, concepts: [{ name: 'n', value: 1 }] } }, /data.concepts\[0\] has no id/],
    ['a concept value above 1', { data: { text: { raw: 'x' }, concepts: [{ id: 'c', value: 2 }] } }, /value 2; use 0 to 1/],
    ['metadata with NaN', { data: { text: { raw: 'x' }, metadata: { a: { b: Number.NaN } } } }, /data.metadata.a.b is NaN/],
    ['latitude out of range', { data: { text: { raw: 'x' }, geo: { geoPoint: { latitude: 91, longitude: 0 } } } }, /latitude 91/],
  ])('refuses %s with INPUT_INVALID_ARGUMENT', async (_name, input, pattern) => {
    const res = await t.v2.postInputs({ inputs: [{ id: 'bad', ...input }] });
    expect(res.status?.code).toBe(StatusCode.FAILURE);
    expect(res.inputs[0]?.status?.code).toBe(StatusCode.INPUT_INVALID_ARGUMENT);
    expect(res.inputs[0]?.status?.details).toMatch(/^inputs\[0\] \(id "bad"\)/);
    expect(res.inputs[0]?.status?.details).toMatch(pattern);
    expect(await count()).toBe(0);
  });

  it.each([['not a url', 'not a url'], ['ftp', 'ftp://127.0.0.1/x.png'], ['file', 'file:///etc/passwd']])('refuses a bad URL (%s) with INPUT_INVALID_URL', async (_n, url) => {
    const res = await t.v2.postInputs({ inputs: [{ data: { image: { url } } }] });
    expect(res.inputs[0]?.status?.code).toBe(StatusCode.INPUT_INVALID_URL);
    expect(res.inputs[0]?.status?.details).toContain('data.image.url');
    expect(await count()).toBe(0);
  });

  it('refuses bytes over the size limit with INPUT_OVER_LIMIT and does not echo the bytes', async () => {
    await t.close();
    t = await startTestEmulator({ maxInputBytes: 1000 });
    const res = await t.v2.postInputs({ inputs: [{ id: 'big', data: { image: { base64: Buffer.alloc(1001, 1) } } }, { id: 'ok', data: { image: { base64: samplePng() } } }] });
    expect(res.status?.code).toBe(StatusCode.MIXED_STATUS);
    expect(res.inputs[0]?.status?.code).toBe(StatusCode.INPUT_OVER_LIMIT);
    expect(res.inputs[0]?.status?.details).toContain('1001 bytes; the limit is 1000');
    expect(res.inputs[0]?.data?.image?.base64).toHaveLength(0);
    expect(res.inputs[1]?.status?.code).toBe(StatusCode.INPUT_PENDING);
  });

  it('fails a URL already in the app without allow_duplicate_url, and accepts it with the flag', async () => {
    const url = 'http://127.0.0.1:9/same.png';
    const first = await t.v2.postInputs({ inputs: [{ id: 'a', data: { image: { url } } }, { id: 'b', data: { image: { url } } }] });
    expect(first.status?.code).toBe(StatusCode.MIXED_STATUS);
    expect(first.inputs[1]?.status?.code).toBe(StatusCode.INPUT_DUPLICATE);
    expect(first.inputs[1]?.status?.details).toContain('allow_duplicate_url');
    const again = await t.v2.postInputs({ inputs: [{ id: 'c', data: { image: { url } } }] });
    expect(again.inputs[0]?.status?.code).toBe(StatusCode.INPUT_DUPLICATE);
    expect(again.inputs[0]?.status?.details).not.toBe(DUPLICATE_ID_DETAILS);
    const allowed = await t.v2.postInputs({ inputs: [{ id: 'd', data: { image: { url, allowDuplicateUrl: true } } }] });
    expect(allowed.status?.code).toBe(StatusCode.SUCCESS);
    expect(allowed.inputs[0]?.data?.image?.allowDuplicateUrl).toBe(true);
  });

  it('stores concepts, nested metadata, geo and dataset ids as sent', async () => {
    const metadata = { id: 'id001', type: 'animal', size: 100, nested: { list: [1, 'two', null, { deep: true }] } };
    const res = await t.v2.postInputs({
      inputs: [
        {
          id: 'rich',
          data: { text: { raw: 'hello' }, concepts: [{ id: 'charlie', name: 'Charlie', value: 1 }, { id: 'no', value: 0 }], metadata, geo: { geoPoint: { longitude: 2.5, latitude: -45.25 } } },
          datasetIds: ['ds1'],
        },
      ],
    });
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
    const got = (await t.v2.getInput({ inputId: 'rich' })).input!;
    expect(got.data?.metadata).toEqual(metadata);
    expect(got.data?.concepts.map((c) => [c.id, c.name, c.value, c.appId])).toEqual([
      ['charlie', 'Charlie', 1, 'main'],
      ['no', '', 0, 'main'],
    ]);
    expect(got.data?.geo?.geoPoint).toEqual({ longitude: 2.5, latitude: -45.25 });
    expect(got.datasetIds).toEqual(['ds1']);
    expect(got.createdAt).toBeInstanceOf(Date);
  });
});
