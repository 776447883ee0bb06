import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { startTestEmulator, textInputs, type TestEmulator } from '../support/emulator-harness';
import { samplePng, startHttpFixtures, type HttpFixtures } from '../support/http-fixtures';

let t: TestEmulator | undefined;
let web: HttpFixtures;
let dir: string;
beforeEach(async () => {
  web = await startHttpFixtures();
  dir = mkdtempSync(path.join(tmpdir(), 'jobs-'));
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  await web.close();
  rmSync(dir, { recursive: true, force: true });
});

const emu = async (db = ':memory:') => {
  t = await startTestEmulator({ db, downloadTimeoutMs: 2000, processingConcurrency: 2 });
  return t;
};

const progressOf = async (e: TestEmulator, id: string) => {
  const res = await e.v2.getInputsAddJob({ id });
  expect(res.status?.code).toBe(StatusCode.SUCCESS);
  const p = res.inputsAddJob!.progress!;
  return { status: res.inputsAddJob!.status!.code, counts: [p.pendingCount, p.inProgressCount, p.successCount, p.failedCount].map(Number) };
};

/** Polls GetInputsAddJob every 10 ms until nothing is pending or in progress (as the SDKs wait). */
async function waitJob(e: TestEmulator, id: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await progressOf(e, id);
    if (got.counts[0] === 0 && got.counts[1] === 0) return got;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${JSON.stringify(got)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('inputs-add jobs over gRPC', () => {
  it('PostInputs with inputs_add_job_id answers the job; progress follows real processing to JOB_FAILED when one input failed', async () => {
    const e = await emu();
    const posted = await e.v2.postInputs({
      inputsAddJobId: 'job-a',
      inputs: [
        { id: 'held', data: { image: { url: web.url('/gate/a') } } },
        { id: 'bad', data: { image: { base64: Buffer.from('not an image') } } },
        ...textInputs(2, 'ok'),
      ],
    });
    expect(posted.status?.code).toBe(StatusCode.SUCCESS);
    expect(posted.inputsAddJob?.id).toBe('job-a');
    expect(posted.inputsAddJob?.progress?.pendingCount).toBe('4');
    expect(posted.inputsAddJob?.status?.code).toBe(StatusCode.JOB_RUNNING);
    await web.waiting('a');
    await e.v2.waitProcessed('bad');
    await e.v2.waitProcessed('ok-1');
    await e.v2.waitProcessed('ok-0');
    expect(await progressOf(e, 'job-a')).toEqual({ status: StatusCode.JOB_RUNNING, counts: [0, 1, 2, 1] });
    web.release('a', samplePng(3, 3));
    expect(await waitJob(e, 'job-a')).toEqual({ status: StatusCode.JOB_FAILED, counts: [0, 0, 3, 1] });
  });

  it('a job whose inputs all succeed ends JOB_COMPLETED; inputs outside the job do not count; refused inputs are not in it', async () => {
    const e = await emu();
    await e.v2.postInputs({ inputs: textInputs(3, 'other') });
    const posted = await e.v2.postInputs({ inputsAddJobId: 'job-b', inputs: [...textInputs(2, 'mine'), { id: 'other-0', data: { text: { raw: 'dup' } } }] });
    expect(posted.status?.code).toBe(StatusCode.MIXED_STATUS);
    expect(await waitJob(e, 'job-b')).toEqual({ status: StatusCode.JOB_COMPLETED, counts: [0, 0, 2, 0] });
  });

  it('a second PostInputs under the same id adds to the job', async () => {
    const e = await emu();
    await e.v2.postInputs({ inputsAddJobId: 'job-c', inputs: textInputs(2, 'c') });
    const again = await e.v2.postInputs({ inputsAddJobId: 'job-c', inputs: textInputs(3, 'c', 2) });
    expect(again.inputsAddJob?.id).toBe('job-c');
    expect((await waitJob(e, 'job-c')).counts).toEqual([0, 0, 5, 0]);
  });

  it('GetInputsAddJob of an unknown id is CONN_DOES_NOT_EXIST naming it; an empty id is refused', async () => {
    const e = await emu();
    const res = await e.v2.getInputsAddJob({ id: 'nope' });
    expect(res.status?.code).toBe(StatusCode.CONN_DOES_NOT_EXIST);
    expect(res.status?.details).toContain('"nope"');
    expect((await e.v2.getInputsAddJob({ id: '' })).status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
    expect((await e.v2.cancelInputsAddJob({ id: 'nope' })).status?.code).toBe(StatusCode.CONN_DOES_NOT_EXIST);
  });

  it('refuses a bad inputs_add_job_id and stores nothing', async () => {
    const e = await emu();
    const res = await e.v2.postInputs({ inputsAddJobId: 'bad id/with slash', inputs: textInputs(1, 'x') });
    expect(res.status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
    expect(res.status?.details).toContain('inputs_add_job_id');
    expect((await e.v2.listInputs()).inputs).toEqual([]);
  });

  it('ListInputsAddJobs pages the app jobs newest first; jobs are per app', async () => {
    const e = await emu();
    for (const id of ['j1', 'j2', 'j3']) await e.v2.postInputs({ inputsAddJobId: id, inputs: textInputs(1, id) });
    await e.v2.postInputs({ userAppId: { appId: 'elsewhere' }, inputsAddJobId: 'j9', inputs: textInputs(1, 'j9') });
    const first = await e.v2.listInputsAddJobs({ perPage: 2 });
    expect(first.inputsAddJobs.map((j) => j.id)).toEqual(['j3', 'j2']);
    expect((await e.v2.listInputsAddJobs({ perPage: 2, page: 2 })).inputsAddJobs.map((j) => j.id)).toEqual(['j1']);
    expect((await e.v2.getInputsAddJob({ id: 'j9' })).status?.code).toBe(StatusCode.CONN_DOES_NOT_EXIST);
  });

  it('CancelInputsAddJob: a running job ends JOB_CANCELLED, its inputs are kept and still processed; a finished job is unchanged', async () => {
    const e = await emu();
    await e.v2.postInputs({ inputsAddJobId: 'run', inputs: [{ id: 'slow', data: { image: { url: web.url('/gate/c') } } }] });
    await web.waiting('c');
    const cancelled = await e.v2.cancelInputsAddJob({ id: 'run' });
    expect(cancelled.status?.code).toBe(StatusCode.SUCCESS);
    expect(cancelled.inputsAddJob?.status?.code).toBe(StatusCode.JOB_CANCELLED);
    web.release('c', samplePng(2, 2));
    expect((await e.v2.waitProcessed('slow')).status?.code).toBe(StatusCode.INPUT_SUCCESS);
    expect(await progressOf(e, 'run')).toEqual({ status: StatusCode.JOB_CANCELLED, counts: [0, 0, 1, 0] });

    await e.v2.postInputs({ inputsAddJobId: 'done', inputs: textInputs(1, 'd') });
    await waitJob(e, 'done');
    expect((await e.v2.cancelInputsAddJob({ id: 'done' })).inputsAddJob?.status?.code).toBe(StatusCode.JOB_COMPLETED);
  });

  it('jobs and their inputs survive a restart', async () => {
    const db = path.join(dir, 'jobs.db');
    let e = await emu(db);
    await e.v2.postInputs({ inputsAddJobId: 'kept', inputs: textInputs(2, 'k') });
    await waitJob(e, 'kept');
    await e.close();
    t = undefined;
    e = await emu(db);
    expect(await progressOf(e, 'kept')).toEqual({ status: StatusCode.JOB_COMPLETED, counts: [0, 0, 2, 0] });
    expect((await e.v2.listInputsAddJobs()).inputsAddJobs.map((j) => j.id)).toEqual(['kept']);
  });
});
