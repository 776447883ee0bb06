import type { Database } from 'better-sqlite3';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { checkContent } from '../processing/check-content';
import type { InputKind } from '../store/stored-data';

/**
 * Version 1 to 2: adds `inputs.upload_check`. Uploads still waiting for processing get their
 * check and their blob its content type now, once (version 1 set it after processing).
 */
function addUploadCheck(db: Database): void {
  db.exec('ALTER TABLE inputs ADD COLUMN upload_check TEXT');
  const waiting = db
    .prepare(`SELECT seq, kind, blob_token AS token FROM inputs WHERE url IS NULL AND blob_token IS NOT NULL AND status_code IN (?, ?)`)
    .all(StatusCode.INPUT_PENDING, StatusCode.INPUT_IN_PROGRESS) as { seq: number; kind: InputKind; token: string }[];
  const readBytes = db.prepare('SELECT bytes FROM blobs WHERE token = ?').pluck();
  const setCheck = db.prepare('UPDATE inputs SET upload_check = ? WHERE seq = ?');
  const setType = db.prepare('UPDATE blobs SET content_type = ? WHERE token = ?');
  for (const row of waiting) {
    const bytes = readBytes.get(row.token) as Buffer | undefined;
    if (!bytes) continue; // processing reports the missing bytes
    const check = checkContent(row.kind, bytes, 'uploaded bytes');
    setCheck.run(JSON.stringify(check), row.seq);
    if (check.ok) setType.run(check.contentType, row.token);
  }
}

/**
 * Version 2 to 3: adds `blobs.hash`, naming a content-addressed file. Older rows keep their bytes
 * in `bytes` (hash NULL) and are read from there; only new large bytes go to files. Drops the
 * index of every input by status: the schema's partial index of pending inputs replaces it.
 */
function addBlobHash(db: Database): void {
  const columns = db.pragma('table_info(blobs)') as { name: string }[];
  if (!columns.some((c) => c.name === 'hash')) db.exec('ALTER TABLE blobs ADD COLUMN hash TEXT');
  db.exec('DROP INDEX IF EXISTS inputs_by_status_seq');
}

/**
 * Version 3 to 4: adds `inputs.job_id` (NULL for every older input: none was posted under a job
 * the emulator kept). The `inputs_add_jobs` table and the `inputs_by_job` index come from the
 * schema itself, which runs after the steps.
 */
function addInputsAddJobs(db: Database): void {
  const columns = db.pragma('table_info(inputs)') as { name: string }[];
  if (!columns.some((c) => c.name === 'job_id')) db.exec('ALTER TABLE inputs ADD COLUMN job_id TEXT');
}

/**
 * Version 4 to 5: adds `blobs.pack` and `blobs.pack_offset`, naming a range of a pack file. Older
 * rows keep their bytes where they are (a hash file or the row) and are read from there; new
 * bytes go to packs. The `blobs_by_pack` index comes from the schema.
 */
function addBlobPacks(db: Database): void {
  const columns = db.pragma('table_info(blobs)') as { name: string }[];
  if (!columns.some((c) => c.name === 'pack')) db.exec('ALTER TABLE blobs ADD COLUMN pack INTEGER');
  if (!columns.some((c) => c.name === 'pack_offset')) db.exec('ALTER TABLE blobs ADD COLUMN pack_offset INTEGER');
}

const STEPS: ((db: Database) => void)[] = [addUploadCheck, addBlobHash, addInputsAddJobs, addBlobPacks];

/** Brings a database of schema `from` (1 or more) to the latest version. Call inside a transaction. */
export function migrate(db: Database, from: number): void {
  for (let version = from; version <= STEPS.length; version++) STEPS[version - 1]?.(db);
}
