/**
 * Issue 7.6, raw requests straight to the emulator (no client checks in between): every bad
 * input of the list in one request next to a good one, and every request-level refusal.
 * Each is refused with details naming the problem; the store holds exactly what was accepted.
 * (Single cases, one per test, are in test/emulator/post-inputs, list-stream, get-patch-delete-count, auth.)
 */
import { samplePng } from '../../src/emulator';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { startTestEmulator, textInputs, type TestEmulator } from '../support/emulator-harness';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
  expect((await t.v2.postInputs({ inputs: textInputs(3, 'base') })).status?.code).toBe(StatusCode.SUCCESS);
});
afterAll(() => t.close());

/** The app's inputs as `id:text`, sorted: a refused request must leave it exactly as it was. */
async function snapshot(): Promise<string[]> {
  const res = await t.v2.listInputs({ perPage: 1000 });
  return res.inputs.map((input) => `${input.id}:${input.data?.text?.raw ?? ''}`).sort();
}

const big = Buffer.alloc(25_000_000);
samplePng(1, 1).copy(big);

test('one request with a good input and every kind of bad one: only the good one is stored', async () => {
  const before = await snapshot();
  const bad: Array<[unknown, StatusCode, RegExp]> = [
    [{ id: 'nodata' }, StatusCode.INPUT_INVALID_ARGUMENT, /has no content/],
    [{ id: 'twokinds', data: { image: { url: 'http://127.0.0.1:1/a.png' }, text: { raw: 'x' } } }, StatusCode.INPUT_INVALID_ARGUMENT, /2 kinds of content/],
    [{ id: 'badurl', data: { image: { url: 'not a url' } } }, StatusCode.INPUT_INVALID_URL, /data.image.url/],
    [{ id: 'a'.repeat(256), data: { text: { raw: 'x' } } }, StatusCode.INPUT_INVALID_ARGUMENT, /256 characters long; the limit is 255/],
    [{ id: 'a b/c', data: { text: { raw: 'x' } } }, StatusCode.INPUT_INVALID_ARGUMENT, /not allowed/],
    [{ id: 'emoji-🙂', data: { text: { raw: 'x' } } }, StatusCode.INPUT_INVALID_ARGUMENT, /not allowed/],
    [{ id: 'noconcept', data: { text: { raw: 'x' }, concepts: [{ name: 'cat', value: 1 }] } }, StatusCode.INPUT_INVALID_ARGUMENT, /concepts\[0\] has no id/],
    [{ id: 'nan', data: { text: { raw: 'x' }, metadata: { score: Number.NaN } } }, StatusCode.INPUT_INVALID_ARGUMENT, /metadata.score is NaN/],
    [{ id: 'huge', data: { image: { base64: big } } }, StatusCode.INPUT_OVER_LIMIT, /25000000 bytes/],
    [{ id: 'base-0', data: { text: { raw: 'impostor' } } }, StatusCode.INPUT_DUPLICATE, /^Input has a duplicate ID\.$/],
  ];
  const res = await t.v2.postInputs({ inputs: [{ id: 'good', data: { text: { raw: 'good' } } }, ...(bad.map(([input]) => input) as never[])] });
  expect(res.status?.code).toBe(StatusCode.MIXED_STATUS);
  expect(res.inputs[0]?.status?.code).toBe(StatusCode.INPUT_PENDING);
  bad.forEach(([, code, details], i) => {
    const answer = res.inputs[i + 1];
    expect([i + 1, answer?.status?.code]).toEqual([i + 1, code]);
    expect(answer?.status?.details).toMatch(details);
    if (code !== StatusCode.INPUT_DUPLICATE) expect(answer?.status?.details).toMatch(new RegExp(`^inputs\\[${i + 1}\\]`));
    expect(answer?.data?.image?.base64 ?? new Uint8Array(0)).toHaveLength(0); // bytes never echoed
  });
  expect(await snapshot()).toEqual([...before, 'good:good'].sort());
});

describe('refused as a whole: nothing stored, changed or deleted', () => {
  test.each<[string, () => Promise<{ status?: { code: number; details: string } | undefined }>, StatusCode, RegExp]>([
    ['an empty PostInputs', () => t.v2.postInputs({ inputs: [] }), StatusCode.INPUT_INVALID_REQUEST, /inputs/],
    ['129 inputs', () => t.v2.postInputs({ inputs: textInputs(129, 'many') }), StatusCode.INPUT_INVALID_REQUEST, /129/],
    ['ListInputs per_page 1001', () => t.v2.listInputs({ perPage: 1001 }), StatusCode.INPUT_INVALID_REQUEST, /per_page/],
    ['StreamInputs per_page 1001', () => t.v2.streamInputs({ perPage: 1001 }), StatusCode.INPUT_INVALID_REQUEST, /per_page/],
    ['an unknown last_id', () => t.v2.streamInputs({ lastId: 'never-was' }), StatusCode.INPUT_INVALID_REQUEST, /last_id "never-was"/],
    ['a bad patch action', () => t.v2.patchInputs({ action: 'replace', inputs: [{ id: 'base-1', data: { concepts: [{ id: 'c', value: 1 }] } }] }), StatusCode.INPUT_INVALID_REQUEST, /action/],
    ['deleting an unknown id next to a known one', () => t.v2.deleteInputs({ ids: ['base-1', 'gone'] }), StatusCode.CONN_DOES_NOT_EXIST, /"gone".*nothing was deleted/],
    ['DeleteInput of an unknown id', () => t.v2.deleteInput({ inputId: 'gone' }), StatusCode.CONN_DOES_NOT_EXIST, /gone/],
    ['a wrong key', () => t.v2.postInputs({ inputs: textInputs(1, 'wrongkey') }, { key: 'wrong-key-123' }), StatusCode.CONN_KEY_INVALID, /^(?!.*wrong-key-123)/],
    ['a missing key', () => t.v2.postInputs({ inputs: textInputs(1, 'nokey') }, { none: true }), StatusCode.CONN_INVALID_REQUEST, /authorization/i],
    ["another user's app", () => t.v2.postInputs({ userAppId: { userId: 'mallory', appId: 'main' }, inputs: textInputs(1, 'mallory') }), StatusCode.CONN_INSUFFICIENT_SCOPES, /mallory|user/],
  ])('%s', async (_name, call, code, details) => {
    const before = await snapshot();
    const res = await call();
    expect(res.status?.code).toBe(code);
    expect(res.status?.details).toMatch(details);
    expect(await snapshot()).toEqual(before);
  });
});
