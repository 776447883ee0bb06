/** `InputsClient.getInputsAddJob` against the real emulator: a job another client (an official SDK) named. */
import { ClarifaiApiError, ClarifaiValidationError, InputsClient, StatusCode } from '../../src';
import { startTestEmulator, textInputs, TEST_KEY, type TestEmulator } from '../support/emulator-harness';
import { fastRetry } from './fixtures';

let t: TestEmulator;
let client: InputsClient;
beforeEach(async () => {
  t = await startTestEmulator();
  client = new InputsClient({ apiKey: TEST_KEY, target: t.emulator.target, insecure: true, retry: fastRetry, userId: t.emulator.userId, appId: t.emulator.appId });
});
afterEach(async () => {
  client.close();
  await t.close();
});

test('reads the job PostInputs named, with the progress of its inputs', async () => {
  await t.v2.postInputs({ inputsAddJobId: 'sdk-job', inputs: [...textInputs(2, 'ok'), { id: 'bad', data: { image: { base64: Buffer.from('not an image') } } }] });
  await client.waitForInputs(['ok-0', 'ok-1', 'bad'], { pollMs: 20, timeoutMs: 20_000 });
  const job = await client.getInputsAddJob('sdk-job');
  expect(job.id).toBe('sdk-job');
  expect(job.progress).toEqual({ pendingCount: '0', inProgressCount: '0', successCount: '2', failedCount: '1' });
  expect(job.status?.code).toBe(StatusCode.JOB_FAILED);
});

test('an unknown id is a ClarifaiApiError with CONN_DOES_NOT_EXIST; an empty one is refused before sending', async () => {
  const err = await client.getInputsAddJob('missing').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ClarifaiApiError);
  expect((err as ClarifaiApiError).statusCode).toBe(StatusCode.CONN_DOES_NOT_EXIST);
  expect((err as ClarifaiApiError).details).toContain('"missing"');
  await expect(client.getInputsAddJob('')).rejects.toBeInstanceOf(ClarifaiValidationError);
});
