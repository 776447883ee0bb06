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

describe('GetInput', () => {
  it('answers CONN_DOES_NOT_EXIST for an unknown id, naming it', async () => {
    const res = await t.v2.getInput({ inputId: 'ghost' });
    expect(res.status?.code).toBe(StatusCode.CONN_DOES_NOT_EXIST);
    expect(res.status?.details).toContain('"ghost"');
    expect(res.input).toBeUndefined();
  });

  it('refuses an empty input_id', async () => {
    expect((await t.v2.getInput({ inputId: '' })).status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
  });
});

describe('PatchInputs', () => {
  beforeEach(async () => {
    await t.v2.postInputs({
      inputs: [
        {
          id: 'p',
          data: { text: { raw: 'x' }, concepts: [{ id: 'a', value: 1 }, { id: 'b', value: 0 }], metadata: { keep: 1, nested: { x: 1, y: 2 }, drop: true } },
          datasetIds: ['d1'],
        },
      ],
    });
  });
  const stored = async () => (await t.v2.getInput({ inputId: 'p' })).input!;

  it('merge: upserts concepts by id, deep-merges metadata, adds dataset ids', async () => {
    const res = await t.v2.patchInputs({
      action: 'merge',
      inputs: [{ id: 'p', data: { concepts: [{ id: 'b', value: 1 }, { id: 'c', value: 1 }], metadata: { nested: { y: 3, z: 4 }, added: 'yes' } }, datasetIds: ['d2'] }],
    });
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
    expect(res.inputs[0]?.status?.code).toBe(StatusCode.INPUT_MODIFY_SUCCESS);
    const got = await stored();
    expect(got.data?.concepts.map((c) => [c.id, c.value])).toEqual([['a', 1], ['b', 1], ['c', 1]]);
    expect(got.data?.metadata).toEqual({ keep: 1, nested: { x: 1, y: 3, z: 4 }, drop: true, added: 'yes' });
    expect(got.datasetIds).toEqual(['d1', 'd2']);
    expect(got.data?.text?.raw).toBe('x');
    expect(got.modifiedAt!.getTime()).toBeGreaterThanOrEqual(got.createdAt!.getTime());
  });

  it('overwrite: replaces concepts and metadata with what the patch carries', async () => {
    await t.v2.patchInputs({ action: 'overwrite', inputs: [{ id: 'p', data: { concepts: [{ id: 'z', value: 1 }], metadata: { only: 'this' } } }] });
    const got = await stored();
    expect(got.data?.concepts.map((c) => c.id)).toEqual(['z']);
    expect(got.data?.metadata).toEqual({ only: 'this' });
    expect(got.datasetIds).toEqual([]);
  });

  it('remove: drops the named concepts and metadata keys, nested ones too', async () => {
    await t.v2.patchInputs({ action: 'remove', inputs: [{ id: 'p', data: { concepts: [{ id: 'a' }], metadata: { drop: null, nested: { x: null } } } }] });
    const got = await stored();
    expect(got.data?.concepts.map((c) => c.id)).toEqual(['b']);
    expect(got.data?.metadata).toEqual({ keep: 1, nested: { y: 2 } });
  });

  it.each([[''], ['replace'], ['MERGE']])('refuses the action %j, changing nothing', async (action) => {
    const res = await t.v2.patchInputs({ action, inputs: [{ id: 'p', data: { metadata: { keep: 2 } } }] });
    expect(res.status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
    expect(res.status?.details).toContain(`action ${JSON.stringify(action)}`);
    expect((await stored()).data?.metadata?.keep).toBe(1);
  });

  it('fails an unknown id on its own (MIXED_STATUS) and applies the rest', async () => {
    const res = await t.v2.patchInputs({ action: 'merge', inputs: [{ id: 'p', data: { metadata: { keep: 2 } } }, { id: 'ghost', data: { metadata: { a: 1 } } }] });
    expect(res.status?.code).toBe(StatusCode.MIXED_STATUS);
    expect(res.inputs[1]?.status?.code).toBe(StatusCode.INPUT_DOES_NOT_EXIST);
    expect(res.inputs[1]?.status?.details).toContain('"ghost"');
    expect((await stored()).data?.metadata?.keep).toBe(2);
  });

  it('refuses changing content, a concept with no id, and 0 or 129 inputs', async () => {
    const content = await t.v2.patchInputs({ action: 'merge', inputs: [{ id: 'p', data: { text: { raw: 'new' } } }] });
    expect(content.inputs[0]?.status?.code).toBe(StatusCode.INPUT_INVALID_ARGUMENT);
    expect(content.inputs[0]?.status?.details).toContain('data.text');
    const concept = await t.v2.patchInputs({ action: 'merge', inputs: [{ id: 'p', data: { concepts: [{ name: 'x', value: 1 }] } }] });
    expect(concept.inputs[0]?.status?.details).toContain('data.concepts[0] has no id');
    expect((await t.v2.patchInputs({ action: 'merge', inputs: [] })).status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
    expect((await t.v2.patchInputs({ action: 'merge', inputs: textInputs(129).map((i) => ({ id: i.id })) })).status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
    expect((await stored()).data?.text?.raw).toBe('x');
  });
});

describe('PatchInputs with whole inputs, as the official SDKs send them', () => {
  it('accepts content equal to the stored content (text, URL, bytes) and applies the annotations', async () => {
    const png = samplePng(2, 2);
    await t.v2.postInputs({
      inputs: [
        { id: 'txt', data: { text: { raw: 'hello' } } },
        { id: 'url', data: { image: { url: 'http://127.0.0.1:9/a.png', allowDuplicateUrl: true } } },
        { id: 'bytes', data: { image: { base64: png } } },
      ],
    });
    const res = await t.v2.patchInputs({
      action: 'merge',
      inputs: [
        { id: 'txt', data: { text: { raw: 'hello' }, concepts: [{ id: 'greeting', value: 1 }] } },
        { id: 'url', data: { image: { url: 'http://127.0.0.1:9/a.png' }, concepts: [{ id: 'pic', value: 1 }] } },
        { id: 'bytes', data: { image: { base64: png }, metadata: { from: 'sdk' } } },
      ],
    });
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
    expect(res.inputs.map((i) => i.status?.code)).toEqual([StatusCode.INPUT_MODIFY_SUCCESS, StatusCode.INPUT_MODIFY_SUCCESS, StatusCode.INPUT_MODIFY_SUCCESS]);
    expect((await t.v2.getInput({ inputId: 'txt' })).input?.data?.concepts.map((c) => c.id)).toEqual(['greeting']);
    expect((await t.v2.getInput({ inputId: 'bytes' })).input?.data?.metadata).toEqual({ from: 'sdk' });
  });

  it('fails only the input whose content differs, saying PatchInputs changes annotations only', async () => {
    await t.v2.postInputs({ inputs: [{ id: 'same', data: { text: { raw: 'a' } } }, { id: 'other', data: { text: { raw: 'b' } } }, { id: 'img', data: { image: { base64: samplePng(2, 2) } } }] });
    const res = await t.v2.patchInputs({
      action: 'merge',
      inputs: [
        { id: 'same', data: { text: { raw: 'a' }, metadata: { ok: true } } },
        { id: 'other', data: { text: { raw: 'changed' }, metadata: { ok: true } } },
        { id: 'img', data: { image: { base64: samplePng(2, 2, 7) }, metadata: { ok: true } } },
      ],
    });
    expect(res.status?.code).toBe(StatusCode.MIXED_STATUS);
    expect(res.inputs.map((i) => i.status?.code)).toEqual([StatusCode.INPUT_MODIFY_SUCCESS, StatusCode.INPUT_INVALID_ARGUMENT, StatusCode.INPUT_INVALID_ARGUMENT]);
    expect(res.inputs[1]?.status?.details).toMatch(/inputs\[1\] \(id "other"\): PatchInputs changes annotations only; data\.text\.raw differs/);
    expect(res.inputs[2]?.status?.details).toMatch(/data\.image\.base64 differs/);
    expect((await t.v2.getInput({ inputId: 'other' })).input?.data?.metadata).toBeUndefined();
    expect((await t.v2.getInput({ inputId: 'other' })).input?.data?.text?.raw).toBe('b');
  });
});

describe('DeleteInput and DeleteInputs', () => {
  beforeEach(async () => {
    await t.v2.postInputs({ inputs: textInputs(4) });
  });

  it('deletes one input at once; GetInput then answers CONN_DOES_NOT_EXIST', async () => {
    expect((await t.v2.deleteInput({ inputId: 't-0' })).status?.code).toBe(StatusCode.SUCCESS);
    expect((await t.v2.getInput({ inputId: 't-0' })).status?.code).toBe(StatusCode.CONN_DOES_NOT_EXIST);
    const again = await t.v2.deleteInput({ inputId: 't-0' });
    expect(again.status?.code).toBe(StatusCode.CONN_DOES_NOT_EXIST);
    expect(again.status?.details).toContain('"t-0"');
  });

  it('deletes several; with any unknown id it deletes nothing and names the unknown ones', async () => {
    const bad = await t.v2.deleteInputs({ ids: ['t-1', 'ghost-1', 'ghost-2'] });
    expect(bad.status?.code).toBe(StatusCode.CONN_DOES_NOT_EXIST);
    expect(bad.status?.details).toContain('"ghost-1", "ghost-2"');
    expect(bad.status?.details).toContain('nothing was deleted');
    expect((await t.v2.getInput({ inputId: 't-1' })).status?.code).toBe(StatusCode.SUCCESS);
    expect((await t.v2.deleteInputs({ ids: ['t-1', 't-2', 't-1'] })).status?.code).toBe(StatusCode.SUCCESS);
    expect((await t.v2.listInputs({})).inputs.map((i) => i.id).sort()).toEqual(['t-0', 't-3']);
    expect((await t.v2.deleteInputs({ ids: [] })).status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
  });

  it('lets a deleted id be used again', async () => {
    await t.v2.deleteInput({ inputId: 't-3' });
    const res = await t.v2.postInputs({ inputs: [{ id: 't-3', data: { text: { raw: 'reborn' } } }] });
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
  });
});

describe('GetInputCount', () => {
  it('counts processed, to_process, errors and processing', async () => {
    expect((await t.v2.getInputCount()).counts).toMatchObject({ processed: 0, toProcess: 0, errors: 0, processing: 0 });
    await t.v2.postInputs({ inputs: [...textInputs(3), { id: 'bad', data: { image: { base64: Buffer.from('no') } } }] });
    for (const id of ['t-0', 't-1', 't-2', 'bad']) await t.v2.waitProcessed(id);
    const res = await t.v2.getInputCount();
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
    expect(res.counts).toMatchObject({ processed: 3, toProcess: 0, errors: 1, processing: 0 });
  });
});
