/**
 * The official Node SDK (clarifai-nodejs 0.4.0, pinned) pointed at the emulator with an
 * `http://` base (plain-text gRPC), unchanged: uploads by URL, file, bytes and text, a patch
 * built from a whole input as the SDK's docs show it, and the waits on inputs-add jobs
 * (`uploadInputs` + `waitForInputs({ inputJobId })`, `bulkUpload`).
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Input } from 'clarifai-nodejs';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import type { ReceivedCall } from '../../src/emulator';
import { startTestEmulator, TEST_KEY, type TestEmulator } from '../support/emulator-harness';
import { samplePng, startHttpFixtures, type HttpFixtures } from '../support/http-fixtures';

let t: TestEmulator;
let fixtures: HttpFixtures;
let sdk: Input;
/** Every call the emulator received, for tests that wait on the SDK's polling. */
const calls: ReceivedCall[] = [];
const callWaiters: { method: string; resolve: (call: ReceivedCall) => void }[] = [];

function onCall(call: ReceivedCall): void {
  calls.push(call);
  for (const w of callWaiters.filter((x) => x.method === call.method)) {
    callWaiters.splice(callWaiters.indexOf(w), 1);
    w.resolve(call);
  }
}

/** The next call of `method` the emulator receives. */
const nextCall = (method: string) => new Promise<ReceivedCall>((resolve) => callWaiters.push({ method, resolve }));

/**
 * `waitForInputs` is public in the SDK's JavaScript (bulkUpload uses it, its docs show it) but
 * missing from its 0.4.0 type declarations.
 */
type WithWait = { waitForInputs(args: { inputJobId: string }): Promise<boolean> };

beforeAll(async () => {
  fixtures = await startHttpFixtures();
  t = await startTestEmulator({ onCallReceived: onCall });
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

  it('uploadInputs names a job; waitForInputs({ inputJobId }) polls it until every input is processed', async () => {
    const inputs = [
      Input.getInputFromUrl({ inputId: 'job-held', imageUrl: fixtures.url('/gate/sdk-job') }),
      Input.getTextInput({ inputId: 'job-text', rawText: 'in a job' }),
    ];
    const jobId = await sdk.uploadInputs({ inputs, showLog: false });
    const job = await t.v2.getInputsAddJob({ id: jobId });
    expect(job.inputsAddJob?.id).toBe(jobId);
    await fixtures.waiting('sdk-job');
    let settled = false;
    const firstPoll = nextCall('getInputsAddJob');
    const waited = (sdk as unknown as WithWait).waitForInputs({ inputJobId: jobId }).finally(() => (settled = true));
    // The SDK sees the job running at least once before the download is let through.
    await (await firstPoll).finished;
    expect(settled).toBe(false);
    fixtures.release('sdk-job', samplePng(2, 2));
    expect(await waited).toBe(true);
    const after = await t.v2.getInputsAddJob({ id: jobId });
    expect(after.inputsAddJob?.progress).toMatchObject({ pendingCount: '0', inProgressCount: '0', successCount: '2', failedCount: '0' });
    expect(after.inputsAddJob?.status?.code).toBe(StatusCode.JOB_COMPLETED);
  }, 60_000);

  it('bulkUpload reports progress per batch, keeps the inputs that processed and deletes the one that failed', async () => {
    const good = Array.from({ length: 4 }, (_, i) => Input.getTextInput({ inputId: `bulk-${i}`, rawText: `bulk ${i}` }));
    const bad = Input.getInputFromBytes({ inputId: 'bulk-bad', imageBytes: Buffer.from('not an image') });
    const events: [string, number, number][] = [];
    const emitter = new EventEmitter();
    for (const name of ['start', 'progress', 'end'] as const) {
      emitter.on(name, (p: { current: number; total: number }) => events.push([name, p.current, p.total]));
    }
    const before = calls.length;
    await sdk.bulkUpload({ inputs: [...good, bad], batchSize: 2, uploadProgressEmitter: emitter });
    // Three batches and two retries of the failed input, each waited for through its job.
    expect(calls.slice(before).filter((c) => c.method === 'getInputsAddJob').length).toBeGreaterThanOrEqual(5);
    expect(events[0]).toEqual(['start', 0, 3]);
    expect(events.filter(([name]) => name === 'progress').map(([, current]) => current)).toEqual([1, 2, 3]);
    expect(events.at(-1)).toEqual(['end', 3, 3]);
    const listed = await t.v2.listInputs({ ids: [...good.map((i) => i.getId()), 'bulk-bad'] });
    expect(listed.inputs.map((i) => [i.id, i.status?.code]).sort()).toEqual(good.map((i) => [i.getId(), StatusCode.INPUT_SUCCESS]).sort());
  }, 120_000);
});
