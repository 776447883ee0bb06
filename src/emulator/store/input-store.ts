import type { Database, Statement } from 'better-sqlite3';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import type { BlobFiles } from './blob-files';
import { BlobStore } from './blob-store';
import type { PackFiles } from './pack-files';
import type { WalSync } from '../sqlite/wal-sync';
import type { SettledState } from '../processing/process-input';
import type { InputRow, QueuedInput } from './input-row';
import type { AppScope, InputKind } from './stored-data';

/** A row to insert; `seq`, status and times are set by the store. */
export interface NewInputRow {
  id: string;
  kind: InputKind;
  url: string | null;
  allowDupUrl: boolean;
  textRaw: string | null;
  blobToken: string | null;
  /** JSON `ContentCheck` of uploaded bytes, made by PostInputs; processing turns it into the outcome. */
  uploadCheck: string | null;
  dataJson: string;
  /** The inputs-add job the input is posted under, or null. */
  jobId: string | null;
}

export interface ListQuery {
  offset: number;
  limit: number;
  ids?: string[];
  statusCode?: number;
}

export interface StreamQuery {
  limit: number;
  descending: boolean;
  orderById: boolean;
  /** Exclusive cursor: a seq, or an id when ordering by id. */
  after?: number | string;
}

/** An inputs-add job as stored: its input counts are `jobProgress`'s. */
export interface JobRow {
  seq: number;
  id: string;
  created_at: number;
  modified_at: number;
  cancelled: number;
}

/** A job's inputs by processing state. */
export interface JobProgress {
  pending: number;
  inProgress: number;
  success: number;
  failed: number;
}

export interface StatusCounts {
  processed: number;
  toProcess: number;
  errors: number;
  processing: number;
}

const ALL = 'SELECT * FROM inputs';

/** Turns `status_code, COUNT(*)` rows into named counters; `of(code)` is 0 for an absent code. */
function countByStatus<T>(rows: { code: number; n: number }[], name: (of: (code: number) => number) => T): T {
  return name((code) => rows.find((r) => r.code === code)?.n ?? 0);
}
const IN_APP = 'user_id = @userId AND app_id = @appId';

/**
 * Every SQL statement of the emulator, prepared once. Methods are synchronous (better-sqlite3);
 * callers group writes with `transaction`.
 */
export class InputStore {
  private readonly cache = new Map<string, Statement>();
  /** Stored bytes; `packs` and `legacyFiles` are the folders beside a file db, absent for `:memory:`. */
  readonly blobs: BlobStore;

  constructor(
    readonly db: Database,
    packs?: PackFiles,
    legacyFiles?: BlobFiles,
    /** Present when commits are synced by the emulator rather than by SQLite (`sync: 'FULL'` on a file). */
    private readonly walSync?: WalSync,
  ) {
    this.blobs = new BlobStore(db, packs, legacyFiles);
  }

  /**
   * Resolves once every commit made so far is on disk: what a call must wait for before it
   * acknowledges a write (see `WalSync`). At once when SQLite syncs its own commits, or not at all.
   */
  durable(): Promise<void> {
    return this.walSync ? this.walSync.durable() : Promise.resolve();
  }

  private stmt(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /**
   * Runs `fn` in one transaction (IMMEDIATE: takes the write lock up front); once it commits, the
   * files of blobs it deleted go. Inside another transaction it is a savepoint of that one.
   */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(fn)();
    let result: T;
    try {
      result = this.db.transaction(fn).immediate();
    } catch (err) {
      this.blobs.afterRollback();
      throw err;
    }
    this.walSync?.committed();
    this.blobs.afterCommit();
    return result;
  }

  /** Whether the app has an input `id` (positional parameters: named ones cost more per call). */
  hasId(scope: AppScope, id: string): boolean {
    return this.stmt('SELECT 1 FROM inputs WHERE user_id = ? AND app_id = ? AND id = ?').get(scope.userId, scope.appId, id) !== undefined;
  }

  /**
   * Which of `ids` the app has, in one statement: for a request's 128 ids this cost 0.2-0.4 µs
   * an id against about 5 µs for one `hasId` each (a statement per call is what costs).
   */
  idsPresent(scope: AppScope, ids: readonly string[]): Set<string> {
    if (ids.length === 0) return new Set();
    const rows = this.stmt(
      'SELECT j.value FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM inputs WHERE user_id = ? AND app_id = ? AND id = j.value)',
    )
      .pluck()
      .all(JSON.stringify(ids), scope.userId, scope.appId) as string[];
    return new Set(rows);
  }

  hasUrl(scope: AppScope, url: string): boolean {
    return this.stmt(`SELECT 1 FROM inputs WHERE ${IN_APP} AND url = @url LIMIT 1`).get({ ...scope, url }) !== undefined;
  }

  /**
   * Inserts an input, pending or (`settled`) already processed, and returns its row as stored,
   * built here rather than read back (`RETURNING *` doubled the cost of an insert in a profile
   * of ingest).
   */
  insert(scope: AppScope, row: NewInputRow, now: number, settled?: SettledState): InputRow {
    const status = settled?.code ?? StatusCode.INPUT_PENDING;
    const details = settled?.details ?? '';
    const imageInfo = settled?.imageInfo ?? null;
    const allowDupUrl = row.allowDupUrl ? 1 : 0;
    const result = this.stmt(
      `INSERT INTO inputs (user_id, app_id, id, kind, url, allow_dup_url, text_raw, blob_token, upload_check, image_info, data_json, status_code, status_details, created_at, modified_at, job_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(scope.userId, scope.appId, row.id, row.kind, row.url, allowDupUrl, row.textRaw, row.blobToken, row.uploadCheck, imageInfo, row.dataJson, status, details, now, now, row.jobId);
    return {
      seq: Number(result.lastInsertRowid),
      user_id: scope.userId,
      app_id: scope.appId,
      id: row.id,
      kind: row.kind,
      url: row.url,
      allow_dup_url: allowDupUrl,
      text_raw: row.textRaw,
      blob_token: row.blobToken,
      upload_check: row.uploadCheck,
      image_info: imageInfo,
      data_json: row.dataJson,
      status_code: status,
      status_details: details,
      created_at: now,
      modified_at: now,
      job_id: row.jobId,
    };
  }

  get(scope: AppScope, id: string): InputRow | undefined {
    return this.stmt(`${ALL} WHERE ${IN_APP} AND id = @id`).get({ ...scope, id }) as InputRow | undefined;
  }

  getBySeq(seq: number): InputRow | undefined {
    return this.stmt(`${ALL} WHERE seq = ?`).get(seq) as InputRow | undefined;
  }

  /** Newest first (seq descending), optionally only some ids and one status code. */
  list(scope: AppScope, q: ListQuery): InputRow[] {
    const where = [IN_APP];
    if (q.ids) where.push('id IN (SELECT value FROM json_each(@ids))');
    if (q.statusCode !== undefined) where.push('status_code = @statusCode');
    const sql = `${ALL} WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT @limit OFFSET @offset`;
    return this.stmt(sql).all({
      ...scope,
      limit: q.limit,
      offset: q.offset,
      ...(q.ids ? { ids: JSON.stringify(q.ids) } : {}),
      ...(q.statusCode !== undefined ? { statusCode: q.statusCode } : {}),
    }) as InputRow[];
  }

  /** Where a stream cursor stands: the seq of a live input or of a deleted one. */
  cursorSeq(scope: AppScope, id: string): number | undefined {
    const live = this.stmt(`SELECT seq FROM inputs WHERE ${IN_APP} AND id = @id`).get({ ...scope, id }) as { seq: number } | undefined;
    if (live) return live.seq;
    const gone = this.stmt(`SELECT seq FROM tombstones WHERE ${IN_APP} AND id = @id`).get({ ...scope, id }) as { seq: number } | undefined;
    return gone?.seq;
  }

  stream(scope: AppScope, q: StreamQuery): InputRow[] {
    const column = q.orderById ? 'id' : 'seq';
    const direction = q.descending ? 'DESC' : 'ASC';
    const cursor = q.after === undefined ? '' : ` AND ${column} ${q.descending ? '<' : '>'} @after`;
    const sql = `${ALL} WHERE ${IN_APP}${cursor} ORDER BY ${column} ${direction} LIMIT @limit`;
    return this.stmt(sql).all({ ...scope, limit: q.limit, ...(q.after === undefined ? {} : { after: q.after }) }) as InputRow[];
  }

  updateData(seq: number, dataJson: string, now: number): void {
    this.stmt('UPDATE inputs SET data_json = ?, modified_at = ? WHERE seq = ?').run(dataJson, now, seq);
  }

  /** Deletes one input and its bytes, and leaves a tombstone for stream cursors. */
  delete(row: InputRow): void {
    this.stmt('INSERT OR REPLACE INTO tombstones (user_id, app_id, id, seq) VALUES (?, ?, ?, ?)').run(row.user_id, row.app_id, row.id, row.seq);
    this.stmt('DELETE FROM inputs WHERE seq = ?').run(row.seq);
    if (row.blob_token) this.blobs.delete(row.blob_token);
  }

  counts(scope: AppScope): StatusCounts {
    const rows = this.stmt(`SELECT status_code AS code, COUNT(*) AS n FROM inputs WHERE ${IN_APP} GROUP BY status_code`).all(scope) as { code: number; n: number }[];
    return countByStatus(rows, (of) => ({
      processed: of(StatusCode.INPUT_SUCCESS),
      toProcess: of(StatusCode.INPUT_PENDING),
      errors: of(StatusCode.INPUT_FAILED),
      processing: of(StatusCode.INPUT_IN_PROGRESS),
    }));
  }

  /** Creates the job `id` unless the app has it; either way touches its modified time. */
  upsertJob(scope: AppScope, id: string, now: number): void {
    this.stmt(
      `INSERT INTO inputs_add_jobs (user_id, app_id, id, created_at, modified_at) VALUES (@userId, @appId, @id, @now, @now)
       ON CONFLICT (user_id, app_id, id) DO UPDATE SET modified_at = @now`,
    ).run({ ...scope, id, now });
  }

  getJob(scope: AppScope, id: string): JobRow | undefined {
    return this.stmt(`SELECT seq, id, created_at, modified_at, cancelled FROM inputs_add_jobs WHERE ${IN_APP} AND id = @id`).get({ ...scope, id }) as JobRow | undefined;
  }

  /** Newest first. */
  listJobs(scope: AppScope, offset: number, limit: number): JobRow[] {
    return this.stmt(`SELECT seq, id, created_at, modified_at, cancelled FROM inputs_add_jobs WHERE ${IN_APP} ORDER BY seq DESC LIMIT @limit OFFSET @offset`).all({
      ...scope,
      offset,
      limit,
    }) as JobRow[];
  }

  /** Marks a job cancelled; its inputs are untouched. */
  cancelJob(scope: AppScope, id: string, now: number): void {
    this.stmt(`UPDATE inputs_add_jobs SET cancelled = 1, modified_at = @now WHERE ${IN_APP} AND id = @id`).run({ ...scope, id, now });
  }

  /** The job's live inputs by processing state (deleted inputs no longer count). */
  jobProgress(scope: AppScope, id: string): JobProgress {
    const rows = this.stmt(`SELECT status_code AS code, COUNT(*) AS n FROM inputs WHERE ${IN_APP} AND job_id = @id GROUP BY status_code`).all({ ...scope, id }) as {
      code: number;
      n: number;
    }[];
    return countByStatus(rows, (of) => ({
      pending: of(StatusCode.INPUT_PENDING),
      inProgress: of(StatusCode.INPUT_IN_PROGRESS),
      success: of(StatusCode.INPUT_SUCCESS),
      failed: of(StatusCode.INPUT_FAILED),
    }));
  }

  /** Whether any input waits for processing. */
  hasPending(): boolean {
    return this.stmt(`SELECT 1 FROM inputs WHERE status_code = ${StatusCode.INPUT_PENDING} LIMIT 1`).get() !== undefined;
  }

  /**
   * Up to `n` pending inputs, oldest first (the status is a literal: the partial index's), with
   * only the columns processing reads (the whole row cost twice as much per input).
   */
  oldestPending(n: number): QueuedInput[] {
    return this.stmt(
      `SELECT seq, kind, url, text_raw, blob_token, upload_check FROM inputs WHERE status_code = ${StatusCode.INPUT_PENDING} ORDER BY seq LIMIT ?`,
    ).all(n) as QueuedInput[];
  }

  /** Marks a pending input as in progress (claimed by the worker). */
  markInProgress(seq: number): void {
    this.stmt(`UPDATE inputs SET status_code = ${StatusCode.INPUT_IN_PROGRESS}, status_details = '' WHERE seq = ?`).run(seq);
  }

  /**
   * Sets the final state of an input the worker claimed (`from` in progress) or settled at once
   * (`from` pending). Returns false when the input was deleted (or re-queued) meanwhile, so the
   * caller can drop what it produced.
   */
  finish(seq: number, code: number, details: string, extra: { blobToken?: string; imageInfo?: string }, now: number, from: StatusCode = StatusCode.INPUT_IN_PROGRESS): boolean {
    const result = this.stmt(
      `UPDATE inputs SET status_code = ?, status_details = ?, modified_at = ?, blob_token = COALESCE(?, blob_token), image_info = COALESCE(?, image_info)
       WHERE seq = ? AND status_code = ?`,
    ).run(code, details, now, extra.blobToken ?? null, extra.imageInfo ?? null, seq, from);
    return result.changes === 1;
  }

  /** Puts in-progress inputs back to pending: after a restart, or when processing was cut. */
  requeue(seq?: number): number {
    const sql = `UPDATE inputs SET status_code = ${StatusCode.INPUT_PENDING} WHERE status_code = ${StatusCode.INPUT_IN_PROGRESS}`;
    return seq === undefined ? this.stmt(sql).run().changes : this.stmt(`${sql} AND seq = ?`).run(seq).changes;
  }
}
