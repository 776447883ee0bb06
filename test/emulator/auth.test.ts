import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { startTestEmulator, TEST_KEY, textInputs, type TestEmulator } from '../support/emulator-harness';

const SECOND_KEY = 'second-key-abc';
let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ apiKeys: [TEST_KEY, SECOND_KEY], userId: 'alice', appId: 'main' });
});
afterAll(async () => {
  await t.close();
});

describe('authorization metadata', () => {
  it('answers CONN_INVALID_REQUEST as gRPC OK when the header is missing', async () => {
    const res = await t.v2.postInputs({ inputs: textInputs(1, 'noauth') }, { none: true });
    expect(res.status?.code).toBe(StatusCode.CONN_INVALID_REQUEST);
    expect(res.status?.details).toContain('missing authorization');
  });

  it.each([['Bearer x'], ['Key'], ['Key '], ['key abc'], ['Key a b']])('answers CONN_INVALID_REQUEST for the malformed header %j', async (header) => {
    const res = await t.v2.getInputCount({}, { header });
    expect(res.status?.code).toBe(StatusCode.CONN_INVALID_REQUEST);
    expect(res.status?.details).toMatch(/(malformed|missing) authorization/);
  });

  it('answers CONN_KEY_INVALID for an unknown key, without echoing the key', async () => {
    const res = await t.v2.postInputs({ inputs: textInputs(1, 'badkey') }, { key: 'wrong-key-123' });
    expect(res.status?.code).toBe(StatusCode.CONN_KEY_INVALID);
    expect(JSON.stringify(res)).not.toContain('wrong-key-123');
    expect((await t.v2.getInput({ inputId: 'badkey-0' })).status?.code).toBe(StatusCode.CONN_DOES_NOT_EXIST);
  });

  it('accepts every configured key', async () => {
    expect((await t.v2.getInputCount({}, { key: SECOND_KEY })).status?.code).toBe(StatusCode.SUCCESS);
    expect((await t.v2.getInputCount({}, { key: TEST_KEY })).status?.code).toBe(StatusCode.SUCCESS);
  });
});

describe('user_app_id', () => {
  it('uses the default app without user_app_id, and "me" or the user id name the same user', async () => {
    await t.v2.postInputs({ inputs: [{ id: 'in-default', data: { text: { raw: 'x' } } }] });
    for (const userAppId of [{ userId: 'me', appId: 'main' }, { userId: 'alice', appId: 'main' }, { userId: '', appId: 'main' }]) {
      const res = await t.v2.getInput({ userAppId, inputId: 'in-default' });
      expect(res.status?.code).toBe(StatusCode.SUCCESS);
    }
  });

  it("refuses another user's app with CONN_INSUFFICIENT_SCOPES and stores nothing", async () => {
    const res = await t.v2.postInputs({ userAppId: { userId: 'bob', appId: 'main' }, inputs: textInputs(1, 'bob') });
    expect(res.status?.code).toBe(StatusCode.CONN_INSUFFICIENT_SCOPES);
    expect(res.status?.details).toContain('"bob"');
    expect((await t.v2.getInput({ inputId: 'bob-0' })).status?.code).toBe(StatusCode.CONN_DOES_NOT_EXIST);
  });

  it('refuses an app id with characters ids may not have', async () => {
    const res = await t.v2.listInputs({ userAppId: { userId: 'me', appId: 'a/b' } });
    expect(res.status?.code).toBe(StatusCode.CONN_INVALID_REQUEST);
    expect(res.status?.details).toContain('user_app_id.app_id');
  });

  it('keeps apps apart: no app sees, counts, patches or deletes another app\'s inputs', async () => {
    const a = { userId: 'me', appId: 'app-a' };
    const b = { userId: 'me', appId: 'app-b' };
    await t.v2.postInputs({ userAppId: a, inputs: [{ id: 'shared-id', data: { text: { raw: 'in a' } } }] });
    const inB = await t.v2.postInputs({ userAppId: b, inputs: [{ id: 'shared-id', data: { text: { raw: 'in b' } } }] });
    expect(inB.status?.code).toBe(StatusCode.SUCCESS);
    expect((await t.v2.getInput({ userAppId: a, inputId: 'shared-id' })).input?.data?.text?.raw).toBe('in a');
    expect((await t.v2.getInput({ userAppId: b, inputId: 'shared-id' })).input?.data?.text?.raw).toBe('in b');
    expect((await t.v2.listInputs({ userAppId: { appId: 'app-c' } })).inputs).toHaveLength(0);
    expect((await t.v2.getInputCount({ userAppId: a })).counts?.toProcess ?? 0).toBeLessThanOrEqual(1);
    const total = (c: { processed: number; toProcess: number; errors: number; processing: number } | undefined) => (c ? c.processed + c.toProcess + c.errors + c.processing : 0);
    expect(total((await t.v2.getInputCount({ userAppId: a })).counts)).toBe(1);
    expect((await t.v2.deleteInput({ userAppId: { appId: 'app-c' }, inputId: 'shared-id' })).status?.code).toBe(StatusCode.CONN_DOES_NOT_EXIST);
    const patch = await t.v2.patchInputs({ userAppId: { appId: 'app-c' }, action: 'merge', inputs: [{ id: 'shared-id', data: { metadata: { x: 1 } } }] });
    expect(patch.inputs[0]?.status?.code).toBe(StatusCode.INPUT_DOES_NOT_EXIST);
    expect((await t.v2.streamInputs({ userAppId: { appId: 'app-c' }, lastId: 'shared-id' })).status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
    await t.v2.deleteInput({ userAppId: a, inputId: 'shared-id' });
    expect((await t.v2.getInput({ userAppId: b, inputId: 'shared-id' })).status?.code).toBe(StatusCode.SUCCESS);
  });
});
