/**
 * Uploaded bytes are checked by PostInputs while they are in memory: the blob row is written
 * once with its content type, and processing turns the stored check into the outcome without
 * reading the bytes back. What a client sees is unchanged: 30001 → 30003 → 30000/30002,
 * image_info only once processed, hosted URLs with the right content type, and restarts resume.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { openDatabase } from '../../src/emulator/sqlite/open-database';
import { SCHEMA_VERSION } from '../../src/emulator/sqlite/schema';
import { startTestEmulator, type TestEmulator } from '../support/emulator-harness';
import { sampleJpeg, samplePng, startHttpFixtures, type HttpFixtures, fetchUrl, hostedUrl } from '../support/http-fixtures';

let dir: string;
let web: HttpFixtures;
let t: TestEmulator | undefined;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'emu-upload-check-'));
  web = await startHttpFixtures();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  await web.close();
  rmSync(dir, { recursive: true, force: true });
});


type BlobRow = { token: string; content_type: string; bytes: Buffer };

function readBlobs(file: string): BlobRow[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT token, content_type, bytes FROM blobs ORDER BY token').all() as BlobRow[];
  } finally {
    db.close();
  }
}

describe('uploaded bytes', () => {
  it('serve with their content type while still pending, and get image_info only once processed', async () => {
    // One worker, held by a download: the uploads behind it stay pending until it is released.
    t = await startTestEmulator({ processingConcurrency: 1 });
    await t.v2.postInputs({ inputs: [{ id: 'gate', data: { image: { url: web.url('/gate/u1') } } }] });
    await web.waiting('u1');
    const png = samplePng(7, 5);
    const posted = await t.v2.postInputs({
      inputs: [
        { id: 'png', data: { image: { base64: png } } },
        { id: 'jpeg', data: { image: { base64: sampleJpeg(64, 48) } } },
        { id: 'junk', data: { image: { base64: Buffer.from('not an image at all') } } },
        { id: 'clip', data: { video: { base64: Buffer.from('some video container') } } },
      ],
    });
    expect(posted.inputs.map((i) => i.status?.code)).toEqual(Array(4).fill(StatusCode.INPUT_PENDING));
    const pending = (await t.v2.getInput({ inputId: 'png' })).input!;
    expect(pending.status?.code).toBe(StatusCode.INPUT_PENDING);
    expect(pending.data?.image?.imageInfo).toBeUndefined();
    const served = await fetchUrl(hostedUrl(pending.data?.image?.hosted));
    expect(served).toMatchObject({ status: 200, type: 'image/png' });
    expect(served.body.equals(png)).toBe(true);

    web.release('u1', samplePng(3, 3));
    const done = await Promise.all(['png', 'jpeg', 'junk', 'clip'].map((id) => t!.v2.waitProcessed(id)));
    const [pngDone, jpegDone, junkDone, clipDone] = done;
    expect(pngDone?.status?.code).toBe(StatusCode.INPUT_SUCCESS);
    expect(pngDone?.data?.image?.imageInfo).toMatchObject({ format: 'PNG', width: 7, height: 5 });
    expect(jpegDone?.data?.image?.imageInfo).toMatchObject({ format: 'JPEG', width: 64, height: 48 });
    expect(junkDone?.status).toMatchObject({ code: StatusCode.INPUT_FAILED, details: expect.stringMatching(/^not an image: .* \(uploaded bytes\)$/) as unknown });
    expect(clipDone?.status?.code).toBe(StatusCode.INPUT_SUCCESS);
    expect((await fetchUrl(hostedUrl(jpegDone?.data?.image?.hosted))).type).toBe('image/jpeg');
    expect((await fetchUrl(hostedUrl(junkDone?.data?.image?.hosted))).type).toBe('application/octet-stream');
    expect((await fetchUrl(hostedUrl(clipDone?.data?.video?.hosted))).type).toBe('application/octet-stream');
  });

  it('with nothing queued, are stored processed by PostInputs itself; those behind a download wait their turn', async () => {
    t = await startTestEmulator({ processingConcurrency: 1 });
    const png = samplePng(6, 4);
    const posted = await t.v2.postInputs({
      inputs: [
        { id: 'png', data: { image: { base64: png } } },
        { id: 'junk', data: { image: { base64: Buffer.from('junk') } } },
        { id: 'url', data: { image: { url: web.url('/gate/s1') } } },
        { id: 'after', data: { image: { base64: png } } },
      ],
    });
    // The answer says pending, as the service does; what is stored is already further along.
    expect(posted.inputs.map((i) => [i.status?.code, i.data?.image?.imageInfo])).toEqual(Array(4).fill([StatusCode.INPUT_PENDING, undefined]));
    const now = async (id: string) => (await t!.v2.getInput({ inputId: id })).input!;
    expect((await now('png')).status?.code).toBe(StatusCode.INPUT_SUCCESS);
    expect((await now('png')).data?.image?.imageInfo).toMatchObject({ format: 'PNG', width: 6, height: 4 });
    expect((await now('junk')).status).toMatchObject({ code: StatusCode.INPUT_FAILED, details: expect.stringMatching(/^not an image/) as unknown });
    await web.waiting('s1');
    expect((await now('url')).status?.code).toBe(StatusCode.INPUT_IN_PROGRESS);
    expect((await now('after')).status?.code).toBe(StatusCode.INPUT_PENDING); // the one slot is the download's
    web.release('s1', samplePng(2, 2));
    expect((await t.v2.waitProcessed('after')).data?.image?.imageInfo).toMatchObject({ width: 6, height: 4 });
    expect((await t.v2.waitProcessed('url')).data?.image?.imageInfo).toMatchObject({ width: 2, height: 2 });
  });

  it('are processed again from the stored check after a restart, their blob rows untouched', async () => {
    const db = path.join(dir, 'inputs.db');
    t = await startTestEmulator({ db });
    await t.v2.postInputs({ inputs: [{ id: 'a', data: { image: { base64: samplePng(11, 12) } } }, { id: 'b', data: { image: { base64: Buffer.from('junk') } } }] });
    await t.v2.waitProcessed('a');
    await t.v2.waitProcessed('b');
    await t.close();
    t = undefined;
    const blobsBefore = readBlobs(db);
    expect(blobsBefore.map((b) => b.content_type).sort()).toEqual(['application/octet-stream', 'image/png']);
    // Put both back where an interrupted run would leave them: in progress, nothing recorded.
    const raw = new Database(db);
    raw.prepare(`UPDATE inputs SET status_code = ${StatusCode.INPUT_IN_PROGRESS}, status_details = '', image_info = NULL`).run();
    raw.close();

    t = await startTestEmulator({ db });
    const a = await t.v2.waitProcessed('a');
    expect(a.status?.code).toBe(StatusCode.INPUT_SUCCESS);
    expect(a.data?.image?.imageInfo).toMatchObject({ format: 'PNG', width: 11, height: 12 });
    expect((await t.v2.waitProcessed('b')).status?.details).toMatch(/^not an image/);
    await t.close();
    t = undefined;
    expect(readBlobs(db)).toEqual(blobsBefore);
  });

  it('waiting in a database of schema version 1 get their check and content type when it is opened', async () => {
    const file = path.join(dir, 'v1.db');
    // A version 1 database: no upload_check, and uploads stored as application/octet-stream
    // until processing set their type.
    openDatabase(file, 'FULL').close();
    const raw = new Database(file);
    raw.exec('ALTER TABLE inputs DROP COLUMN upload_check');
    raw.exec('DROP INDEX inputs_by_job; ALTER TABLE inputs DROP COLUMN job_id; DROP TABLE inputs_add_jobs');
    raw.pragma('user_version = 1');
    const insertBlob = raw.prepare("INSERT INTO blobs (token, content_type, size, bytes) VALUES (?, 'application/octet-stream', ?, ?)");
    const insertInput = raw.prepare(
      "INSERT INTO inputs (user_id, app_id, id, kind, blob_token, data_json, status_code, created_at, modified_at) VALUES ('local', 'main', ?, 'image', ?, ?, ?, 1, 1)",
    );
    const data = JSON.stringify({ concepts: [], datasetIds: [] });
    const png = samplePng(4, 9);
    const inputs: [string, Buffer, number][] = [
      ['pending', png, StatusCode.INPUT_PENDING],
      ['in-progress', sampleJpeg(20, 10), StatusCode.INPUT_IN_PROGRESS],
      ['junk', Buffer.from('junk'), StatusCode.INPUT_PENDING],
    ];
    inputs.forEach(([id, bytes, code], i) => {
      const token = String(i).padStart(32, '0');
      insertBlob.run(token, bytes.length, bytes);
      insertInput.run(id, token, data, code);
    });
    raw.close();

    t = await startTestEmulator({ db: file });
    const pending = await t.v2.waitProcessed('pending');
    expect(pending.data?.image?.imageInfo).toMatchObject({ format: 'PNG', width: 4, height: 9 });
    expect(await fetchUrl(hostedUrl(pending.data?.image?.hosted))).toMatchObject({ status: 200, type: 'image/png', body: png });
    const inProgress = await t.v2.waitProcessed('in-progress');
    expect(inProgress.data?.image?.imageInfo).toMatchObject({ format: 'JPEG', width: 20, height: 10 });
    expect((await fetchUrl(hostedUrl(inProgress.data?.image?.hosted))).type).toBe('image/jpeg');
    const junk = await t.v2.waitProcessed('junk');
    expect(junk.status?.code).toBe(StatusCode.INPUT_FAILED);
    expect((await fetchUrl(hostedUrl(junk.data?.image?.hosted))).type).toBe('application/octet-stream');
    await t.close();
    t = undefined;
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });
});
