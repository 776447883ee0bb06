import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { startTestEmulator, textInputs, type TestEmulator } from '../support/emulator-harness';
import { samplePng, startHttpFixtures, type HttpFixtures } from '../support/http-fixtures';

let dir: string;
let web: HttpFixtures;
let t: TestEmulator | undefined;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'emu-restart-'));
  web = await startHttpFixtures();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  await web.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a file database across restarts', () => {
  it('keeps every input and its data, and resumes processing that was cut short', async () => {
    const db = path.join(dir, 'inputs.db');
    t = await startTestEmulator({ db });
    const posted = await t.v2.postInputs({
      inputs: [
        ...textInputs(100, 'keep'),
        { id: 'img', data: { image: { base64: samplePng(5, 6) }, metadata: { a: [1, 2] }, concepts: [{ id: 'c', value: 1 }] } },
        { id: 'held', data: { image: { url: web.url('/gate/r1') } } },
      ],
    });
    expect(posted.status?.code).toBe(StatusCode.SUCCESS);
    await web.waiting('r1');
    expect((await t.v2.getInput({ inputId: 'held' })).input?.status?.code).toBe(StatusCode.INPUT_IN_PROGRESS);
    const before = await t.v2.listInputs({ perPage: 1000 });
    await t.close();

    t = await startTestEmulator({ db });
    await web.hitCount('/gate/r1', 2);
    await web.waiting('r1');
    web.release('r1', samplePng(11, 12));
    const held = await t.v2.waitProcessed('held');
    expect(held.status?.code).toBe(StatusCode.INPUT_SUCCESS);
    expect(held.data?.image?.imageInfo).toMatchObject({ width: 11, height: 12 });
    expect(web.hits.get('/gate/r1')).toBe(2);
    const after = await t.v2.listInputs({ perPage: 1000 });
    expect(after.inputs.map((i) => i.id)).toEqual(before.inputs.map((i) => i.id));
    expect(after.inputs.map((i) => i.createdAt?.getTime())).toEqual(before.inputs.map((i) => i.createdAt?.getTime()));
    const img = (await t.v2.waitProcessed('img'))!;
    expect(img.data?.metadata).toEqual({ a: [1, 2] });
    expect(img.data?.image?.imageInfo).toMatchObject({ format: 'PNG', width: 5, height: 6 });
    expect((await t.v2.streamInputs({ lastId: 'keep-98' })).inputs.map((i) => i.id)).toEqual(['keep-99', 'img', 'held']);
  });

  it('never reuses the place of a deleted input: new inputs still stream after old ones', async () => {
    const db = path.join(dir, 'seq.db');
    t = await startTestEmulator({ db });
    await t.v2.postInputs({ inputs: textInputs(3, 'a') });
    await t.v2.deleteInput({ inputId: 'a-2' });
    await t.close();
    t = await startTestEmulator({ db });
    await t.v2.postInputs({ inputs: textInputs(1, 'b') });
    expect((await t.v2.streamInputs({ lastId: 'a-2' })).inputs.map((i) => i.id)).toEqual(['b-0']);
  });

  it('says what is wrong when the database cannot be opened', async () => {
    await expect(startTestEmulator({ db: path.join(dir, 'missing-dir', 'x.db') })).rejects.toThrow(/could not open its database .*missing-dir/);
  });
});
