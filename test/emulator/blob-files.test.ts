/**
 * Where the emulator keeps bytes: every upload of a request back to back in the open pack file
 * beside the db (`<db>.packs/<n>.pack`), its row naming (pack, offset, size). A pack goes once no
 * row names it and it is no longer open (after deletes, or at the next start); dbs of schema 2
 * (bytes in rows) and 4 (content-addressed files) are migrated and still serve their bytes.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/emulator/sqlite/open-database';
import { SCHEMA_VERSION } from '../../src/emulator/sqlite/schema';
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

type BlobRow = { hash: string | null; pack: number | null; pack_offset: number | null; size: number; bytes: Buffer };

function blobRows(file: string): BlobRow[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT hash, pack, pack_offset, size, bytes FROM blobs ORDER BY rowid').all() as BlobRow[];
  } finally {
    db.close();
  }
}

async function served(id: string): Promise<{ status: number; body: Buffer }> {
  const input = (await t!.v2.getInput({ inputId: id })).input;
  return fetchUrl(hostedUrl(input?.data?.image?.hosted));
}

/** Restarts the emulator on the same db file. */
async function restart(db: string): Promise<void> {
  await t?.close();
  t = await startTestEmulator({ db });
}

describe('bytes on disk', () => {
  it('puts every upload of a request back to back in one pack, names each range in its row, and serves each', async () => {
    const db = path.join(dir, 'inputs.db');
    const packs = `${db}.packs`;
    const large = pngOfSize(40_000, 7);
    const small = pngOfSize(1_000, 8);
    t = await startTestEmulator({ db });
    const posted = await t.v2.postInputs({
      inputs: [
        { id: 'large-1', data: { image: { base64: large } } },
        { id: 'text', data: { text: { raw: 'no bytes to store' } } },
        { id: 'large-2', data: { image: { base64: large } } },
        { id: 'small', data: { image: { base64: small } } },
      ],
    });
    expect(posted.inputs.map((i) => i.status?.code)).toEqual([30001, 30001, 30001, 30001]);
    expect(readdirSync(packs)).toEqual(['1.pack']);
    expect(readFileSync(path.join(packs, '1.pack')).equals(Buffer.concat([large, large, small]))).toBe(true);
    for (const id of ['large-1', 'large-2']) expect((await served(id)).body.equals(large)).toBe(true);
    expect((await served('small')).body.equals(small)).toBe(true);
    await t.close();
    t = undefined;
    expect(existsSync(`${db}.blobs`)).toBe(false);
    expect(blobRows(db).map((r) => [r.hash, r.pack, r.pack_offset, r.size, r.bytes.length])).toEqual([
      [null, 1, 0, large.length, 0],
      [null, 1, large.length, large.length, 0],
      [null, 1, 2 * large.length, small.length, 0],
    ]);
  });

  it('removes a pack when the last input naming it is deleted, once it is no longer open', async () => {
    const db = path.join(dir, 'inputs.db');
    const pack1 = path.join(`${db}.packs`, '1.pack');
    t = await startTestEmulator({ db });
    await t.v2.postInputs({ inputs: [{ id: 'a', data: { image: { base64: pngOfSize(30_000, 1) } } }, { id: 'b', data: { image: { base64: pngOfSize(30_000, 2) } } }] });
    await t.v2.deleteInput({ inputId: 'a' });
    await t.v2.deleteInput({ inputId: 'b' });
    expect(existsSync(pack1)).toBe(true); // still the open pack: appends go on there

    await restart(db); // an unnamed pack goes at start
    expect(existsSync(pack1)).toBe(false);
    await t!.v2.postInputs({ inputs: [{ id: 'c', data: { image: { base64: pngOfSize(30_000, 3) } } }, { id: 'd', data: { image: { base64: pngOfSize(30_000, 4) } } }] });
    const pack2 = path.join(`${db}.packs`, '2.pack');
    expect(existsSync(pack2)).toBe(true);

    await restart(db); // pack 2 is no longer open: it goes with the last input naming it
    await t!.v2.deleteInput({ inputId: 'c' });
    expect(existsSync(pack2)).toBe(true);
    expect((await served('d')).body.equals(pngOfSize(30_000, 4))).toBe(true);
    await t!.v2.deleteInputs({ ids: ['d'] });
    expect(existsSync(pack2)).toBe(false);
  });

  it('does not write the bytes of an input whose id the app has (a rerun of an upload adds nothing to the packs)', async () => {
    const db = path.join(dir, 'inputs.db');
    t = await startTestEmulator({ db });
    await t.v2.postInputs({ inputs: [{ id: 'taken', data: { text: { raw: 'first' } } }] });
    const posted = await t.v2.postInputs({
      inputs: [
        { id: 'taken', data: { image: { base64: pngOfSize(30_000, 4) } } },
        { id: 'new', data: { image: { base64: pngOfSize(20_000, 5) } } },
      ],
    });
    expect(posted.inputs.map((i) => i.status?.code)).toEqual([30100, 30001]);
    const packBytes = () => readdirSync(`${db}.packs`).reduce((sum, f) => sum + statSync(path.join(`${db}.packs`, f)).size, 0);
    expect(packBytes()).toBe(20_000); // only the new input's
    const again = await t.v2.postInputs({ inputs: [{ id: 'new', data: { image: { base64: pngOfSize(20_000, 5) } } }] });
    expect(again.inputs[0]?.status?.code).toBe(30100);
    expect(packBytes()).toBe(20_000);
    expect(blobRows(db).map((r) => r.size)).toEqual([20_000]);
    // With SUFFIX the input is stored under a new id, so its bytes are written.
    const suffixed = await t.v2.postInputs({ inputs: [{ id: 'new', data: { image: { base64: pngOfSize(10_000, 6) } } }], inputIdConflictResolution: 2 });
    expect(suffixed.inputs[0]?.id).toBe('new-1');
    expect(packBytes()).toBe(30_000);
    expect((await served('new-1')).body).toEqual(pngOfSize(10_000, 6));
  });

  it('at start, removes packs no row names (a request a crash cut short), keeps the others, and numbers new packs above them', async () => {
    const db = path.join(dir, 'inputs.db');
    const packs = `${db}.packs`;
    const kept = pngOfSize(20_000, 3);
    t = await startTestEmulator({ db });
    await t.v2.postInputs({ inputs: [{ id: 'kept', data: { image: { base64: kept } } }] });
    await t.close();
    t = undefined;
    writeFileSync(path.join(packs, '2.pack'), 'bytes of a request that never committed');

    t = await startTestEmulator({ db });
    expect(readdirSync(packs)).toEqual(['1.pack']);
    expect((await served('kept')).body.equals(kept)).toBe(true);
    await t.v2.postInputs({ inputs: [{ id: 'new', data: { image: { base64: kept } } }] });
    expect(readdirSync(packs).sort()).toEqual(['1.pack', '3.pack']);
    expect(statSync(path.join(packs, '3.pack')).size).toBe(kept.length);
  });

  it('migrates a schema 4 db whose rows name content-addressed files, serves them, and removes a file with its last input', async () => {
    const db = path.join(dir, 'v4.db');
    openDatabase(db, 'FULL').close();
    const raw = new Database(db);
    raw.exec('DROP INDEX blobs_by_pack; ALTER TABLE blobs DROP COLUMN pack; ALTER TABLE blobs DROP COLUMN pack_offset');
    raw.pragma('user_version = 4');
    const inFile = pngOfSize(50_000, 5);
    const inRow = pngOfSize(2_000, 6);
    mkdirSync(`${db}.blobs`);
    writeFileSync(path.join(`${db}.blobs`, sha256(inFile)), inFile);
    writeFileSync(path.join(`${db}.blobs`, `${sha256(inRow)}.99-1.tmp`), 'a cut write of an older emulator');
    const insertBlob = raw.prepare("INSERT INTO blobs (token, content_type, size, hash, bytes) VALUES (?, 'image/png', ?, ?, ?)");
    insertBlob.run('a'.repeat(32), inFile.length, sha256(inFile), Buffer.alloc(0));
    insertBlob.run('b'.repeat(32), inRow.length, null, inRow);
    const insertInput = raw.prepare(
      "INSERT INTO inputs (user_id, app_id, id, kind, blob_token, upload_check, data_json, status_code, created_at, modified_at) VALUES ('local', 'main', ?, 'image', ?, ?, ?, 30000, 1, 1)",
    );
    const check = JSON.stringify({ ok: true, contentType: 'image/png' });
    const data = JSON.stringify({ concepts: [], datasetIds: [] });
    insertInput.run('in-file', 'a'.repeat(32), check, data);
    insertInput.run('in-row', 'b'.repeat(32), check, data);
    raw.close();

    t = await startTestEmulator({ db });
    expect(readdirSync(`${db}.blobs`)).toEqual([sha256(inFile)]);
    expect(await served('in-file')).toMatchObject({ status: 200, body: inFile });
    expect(await served('in-row')).toMatchObject({ status: 200, body: inRow });
    const fresh = pngOfSize(30_000, 7);
    await t.v2.postInputs({ inputs: [{ id: 'new', data: { image: { base64: fresh } } }] });
    expect((await served('new')).body.equals(fresh)).toBe(true);
    await t.v2.deleteInput({ inputId: 'in-file' });
    expect(readdirSync(`${db}.blobs`)).toEqual([]);
    await t.close();
    t = undefined;
    const check5 = new Database(db, { readonly: true });
    expect(check5.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check5.close();
    expect(SCHEMA_VERSION).toBe(5);
    expect(blobRows(db).map((r) => [r.hash, r.pack, r.bytes.length])).toEqual([
      [null, null, inRow.length],
      [null, 1, 0],
    ]);
  });

  it('migrates a schema 2 db whose rows hold large bytes, and still serves them; its queue index becomes a partial one', async () => {
    const db = path.join(dir, 'v2.db');
    openDatabase(db, 'FULL').close();
    const raw = new Database(db);
    raw.exec('DROP INDEX blobs_by_pack; ALTER TABLE blobs DROP COLUMN pack; ALTER TABLE blobs DROP COLUMN pack_offset');
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
    expect(blobRows(db).map((r) => [r.hash, r.pack, r.bytes.length])).toEqual([
      [null, null, old.length],
      [null, 1, 0],
    ]);
  });

  it('keeps every byte in memory for a :memory: db: no folder is made', async () => {
    const large = pngOfSize(50_000, 9);
    t = await startTestEmulator({ db: ':memory:' });
    await t.v2.postInputs({ inputs: [{ id: 'm', data: { image: { base64: large } } }] });
    expect((await served('m')).body.equals(large)).toBe(true);
    expect(existsSync(':memory:.blobs')).toBe(false);
    expect(existsSync(':memory:.packs')).toBe(false);
  });
});
