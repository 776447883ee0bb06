/**
 * Where the emulator keeps bytes: over 16 KiB in content-addressed files beside the db
 * (`<db>.blobs/<sha256>`, one file for identical bytes), smaller ones in their `blobs` row.
 * Files no row names go (after a delete, or at the next start), and a db of schema 2, whose rows
 * hold large bytes, is migrated and still serves them.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/emulator/sqlite/open-database';
import { SCHEMA_VERSION } from '../../src/emulator/sqlite/schema';
import { BlobFiles } from '../../src/emulator/store/blob-files';
import { INLINE_MAX_BYTES } from '../../src/emulator/store/blob-store';
import { startTestEmulator, type TestEmulator } from '../support/emulator-harness';
import { fetchUrl, hostedUrl, samplePng } from '../support/http-fixtures';

let dir: string;
let t: TestEmulator | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'emu-blob-files-'));
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A PNG header followed by `size - header` bytes of `fill`: a valid upload of any size. */
function pngOfSize(size: number, fill: number): Buffer {
  const bytes = Buffer.alloc(size, fill);
  samplePng(3, 2).copy(bytes);
  return bytes;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function blobRows(file: string): { hash: string | null; size: number; bytes: Buffer }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT hash, size, bytes FROM blobs ORDER BY size').all() as { hash: string | null; size: number; bytes: Buffer }[];
  } finally {
    db.close();
  }
}

async function served(id: string): Promise<{ status: number; body: Buffer }> {
  const input = (await t!.v2.getInput({ inputId: id })).input;
  return fetchUrl(hostedUrl(input?.data?.image?.hosted));
}

describe('bytes on disk', () => {
  it('puts large uploads in one file per content, small ones in their row, and serves both', async () => {
    const db = path.join(dir, 'inputs.db');
    const blobs = `${db}.blobs`;
    const large = pngOfSize(INLINE_MAX_BYTES + 1, 7);
    const small = pngOfSize(INLINE_MAX_BYTES, 8);
    t = await startTestEmulator({ db });
    const posted = await t.v2.postInputs({
      inputs: [
        { id: 'large-1', data: { image: { base64: large } } },
        { id: 'large-2', data: { image: { base64: large } } },
        { id: 'small', data: { image: { base64: small } } },
      ],
    });
    expect(posted.inputs.map((i) => i.status?.code)).toEqual([30001, 30001, 30001]);
    expect(readdirSync(blobs)).toEqual([sha256(large)]);
    expect(readFileSync(path.join(blobs, sha256(large))).equals(large)).toBe(true);
    for (const id of ['large-1', 'large-2']) expect((await served(id)).body.equals(large)).toBe(true);
    expect((await served('small')).body.equals(small)).toBe(true);
    await t.close();
    t = undefined;

    const rows = blobRows(db);
    expect(rows.map((r) => [r.hash, r.size, r.bytes.length])).toEqual([
      [null, small.length, small.length],
      [sha256(large), large.length, 0],
      [sha256(large), large.length, 0],
    ]);
  });

  it('removes a file when the last input naming it is deleted, not before', async () => {
    const db = path.join(dir, 'inputs.db');
    const file = path.join(`${db}.blobs`, sha256(pngOfSize(40_000, 1)));
    t = await startTestEmulator({ db });
    await t.v2.postInputs({
      inputs: [
        { id: 'a', data: { image: { base64: pngOfSize(40_000, 1) } } },
        { id: 'b', data: { image: { base64: pngOfSize(40_000, 1) } } },
      ],
    });
    await t.v2.deleteInput({ inputId: 'a' });
    expect(existsSync(file)).toBe(true);
    expect((await served('b')).body.equals(pngOfSize(40_000, 1))).toBe(true);
    await t.v2.deleteInputs({ ids: ['b'] });
    expect(existsSync(file)).toBe(false);
  });

  it('removes the file of large bytes whose input was refused', async () => {
    const db = path.join(dir, 'inputs.db');
    const refused = pngOfSize(30_000, 4);
    t = await startTestEmulator({ db });
    await t.v2.postInputs({ inputs: [{ id: 'taken', data: { text: { raw: 'first' } } }] });
    const posted = await t.v2.postInputs({ inputs: [{ id: 'taken', data: { image: { base64: refused } } }] });
    expect(posted.inputs[0]?.status?.code).toBe(30100);
    expect(readdirSync(`${db}.blobs`)).toEqual([]);
  });

  it('at start, removes files no row names and half-written temporary files, keeps the others', async () => {
    const db = path.join(dir, 'inputs.db');
    const blobs = `${db}.blobs`;
    const kept = pngOfSize(20_000, 3);
    t = await startTestEmulator({ db });
    await t.v2.postInputs({ inputs: [{ id: 'kept', data: { image: { base64: kept } } }] });
    await t.close();
    t = undefined;
    // What a crash can leave: bytes of a request that never committed, a write cut short.
    const orphan = sha256(Buffer.from('never committed'));
    writeFileSync(path.join(blobs, orphan), 'never committed');
    writeFileSync(path.join(blobs, `${orphan}.123-4.tmp`), 'half');

    t = await startTestEmulator({ db });
    expect(readdirSync(blobs)).toEqual([sha256(kept)]);
    expect((await served('kept')).body.equals(kept)).toBe(true);
  });

  it('migrates a schema 2 db whose rows hold large bytes, and still serves them; its queue index becomes a partial one', async () => {
    const db = path.join(dir, 'v2.db');
    openDatabase(db, 'FULL').close();
    const raw = new Database(db);
    raw.exec('DROP INDEX blobs_by_hash; ALTER TABLE blobs DROP COLUMN hash; DROP INDEX inputs_pending_by_seq');
    raw.exec('DROP INDEX inputs_by_job; ALTER TABLE inputs DROP COLUMN job_id; DROP TABLE inputs_add_jobs');
    raw.exec('CREATE INDEX inputs_by_status_seq ON inputs (status_code, seq)');
    raw.pragma('user_version = 2');
    const old = pngOfSize(100_000, 5);
    const token = 'f'.repeat(32);
    raw.prepare("INSERT INTO blobs (token, content_type, size, bytes) VALUES (?, 'image/png', ?, ?)").run(token, old.length, old);
    raw
      .prepare(
        "INSERT INTO inputs (user_id, app_id, id, kind, blob_token, upload_check, data_json, status_code, created_at, modified_at) VALUES ('local', 'main', 'old', 'image', ?, ?, ?, 30000, 1, 1)",
      )
      .run(token, JSON.stringify({ ok: true, contentType: 'image/png' }), JSON.stringify({ concepts: [], datasetIds: [] }));
    raw.close();

    t = await startTestEmulator({ db });
    expect(await served('old')).toMatchObject({ status: 200, body: old });
    const fresh = pngOfSize(100_000, 6);
    await t.v2.postInputs({ inputsAddJobId: 'after-migration', inputs: [{ id: 'new', data: { image: { base64: fresh } } }] });
    expect((await served('new')).body.equals(fresh)).toBe(true);
    await t.v2.waitProcessed('new');
    expect((await t.v2.getInputsAddJob({ id: 'after-migration' })).inputsAddJob?.progress?.successCount).toBe('1');
    await t.close();
    t = undefined;
    const check = new Database(db, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'inputs' AND sql IS NOT NULL ORDER BY name").pluck().all();
    check.close();
    expect(indexes).toEqual(['inputs_by_app_seq', 'inputs_by_app_status', 'inputs_by_app_url', 'inputs_by_job', 'inputs_pending_by_seq']);
    expect(blobRows(db).map((r) => [r.hash, r.bytes.length])).toEqual([
      [null, old.length],
      [sha256(fresh), 0],
    ]);
  });

  it('keeps every byte in memory for a :memory: db: no folder is made', async () => {
    const large = pngOfSize(50_000, 9);
    t = await startTestEmulator({ db: ':memory:' });
    await t.v2.postInputs({ inputs: [{ id: 'm', data: { image: { base64: large } } }] });
    expect((await served('m')).body.equals(large)).toBe(true);
    expect(existsSync(':memory:.blobs')).toBe(false);
  });
});

describe('BlobFiles', () => {
  it('never removes a file a write in flight has pinned, and removes it once unpinned', async () => {
    const files = new BlobFiles(path.join(dir, 'pinned'));
    const [hash] = (await files.write([Buffer.from('bytes a row is about to name')])) as [string];
    files.remove(hash); // a delete committed meanwhile found no row naming the hash
    expect(existsSync(files.fileOf(hash))).toBe(true);
    files.unpin([hash]);
    files.remove(hash);
    expect(existsSync(files.fileOf(hash))).toBe(false);
  });
});
