/**
 * The official Node SDK (clarifai-nodejs 0.4.0, pinned) pointed at the emulator with an
 * `http://` base (plain-text gRPC), unchanged: uploads by URL, file, bytes and text, and a patch
 * built from a whole input as the SDK's docs show it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Input } from 'clarifai-nodejs';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { startTestEmulator, TEST_KEY, type TestEmulator } from '../support/emulator-harness';
import { samplePng, startHttpFixtures, type HttpFixtures } from '../support/http-fixtures';

let t: TestEmulator;
let fixtures: HttpFixtures;
let sdk: Input;

beforeAll(async () => {
  fixtures = await startHttpFixtures();
  t = await startTestEmulator();
  sdk = new Input({ authConfig: { pat: TEST_KEY, userId: t.emulator.userId, appId: t.emulator.appId, base: `http://${t.emulator.target}` } });
});
afterAll(async () => {
  await t.close();
  await fixtures.close();
});

describe('clarifai-nodejs 0.4.0 against the emulator', () => {
  it('uploadFromUrl, uploadFromFile, uploadFromBytes and uploadText store and process the inputs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sdk-'));
    try {
      const file = path.join(dir, 'photo.png');
      writeFileSync(file, samplePng(5, 3));
      await sdk.uploadFromUrl({ inputId: 'sdk-url', imageUrl: fixtures.url('/img/png?w=4&h=4'), labels: ['dog'] });
      await sdk.uploadFromFile({ inputId: 'sdk-file', imageFile: file });
      await sdk.uploadFromBytes({ inputId: 'sdk-bytes', imageBytes: samplePng(6, 2) });
      await sdk.uploadText({ inputId: 'sdk-text', rawText: 'hello from the SDK' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The SDK names a label's concept `id-<label>`.
    expect((await t.v2.waitProcessed('sdk-url')).data?.concepts.map((c) => [c.id, c.name, c.value])).toEqual([['id-dog', 'dog', 1]]);
    expect((await t.v2.waitProcessed('sdk-file')).data?.image?.imageInfo).toMatchObject({ width: 5, height: 3 });
    expect((await t.v2.waitProcessed('sdk-bytes')).data?.image?.imageInfo).toMatchObject({ width: 6, height: 2 });
    const text = await t.v2.waitProcessed('sdk-text');
    expect(text.data?.text?.raw).toBe('hello from the SDK');
    expect(text.status?.code).toBe(StatusCode.INPUT_SUCCESS);
  });

  it('patchInputs with a whole input (Input.getTextInput with labels, merge) adds the labels', async () => {
    await sdk.uploadText({ inputId: 'to-patch', rawText: 'patch me' });
    await sdk.patchInputs({ inputs: [Input.getTextInput({ inputId: 'to-patch', rawText: 'patch me', labels: ['tagged'] })], action: 'merge' });
    const got = (await t.v2.getInput({ inputId: 'to-patch' })).input;
    expect(got?.data?.concepts.map((c) => [c.id, c.name])).toEqual([['id-tagged', 'tagged']]);
    expect(got?.data?.text?.raw).toBe('patch me');
  });

  it('patchInputs that would change the content is refused, and the input keeps its content', async () => {
    await sdk.uploadText({ inputId: 'keep', rawText: 'original' });
    await expect(sdk.patchInputs({ inputs: [Input.getTextInput({ inputId: 'keep', rawText: 'changed', labels: ['x'] })], action: 'merge' })).rejects.toThrow();
    const got = (await t.v2.getInput({ inputId: 'keep' })).input;
    expect(got?.data?.text?.raw).toBe('original');
    expect(got?.data?.concepts).toEqual([]);
  });
});
