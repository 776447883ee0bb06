import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { BlobFiles } from './blob-files';

/**
 * Bytes up to this size stay in their `blobs` row. A file costs a create, two fsyncs (file and
 * folder, the folder's shared by a request) and a rename: measured here, about 0.4-0.8 ms per
 * file, so 1 KB inputs as files would cap ingest near 2,000 inputs/s, while 16 KiB in a row adds
 * little to the one WAL sync of its transaction (SQLite's own measurements, "Internal Versus
 * External BLOBs", find rows faster than files up to ~100 KB).
 */
export const INLINE_MAX_BYTES = 16 * 1024;

/** Bytes to store with their content type. */
export interface NewBlob {
  bytes: Uint8Array;
  contentType: string;
}

/** Bytes made durable by `prepare` (in a file, pinned) or kept for the row (`inline`). */
export interface PreparedBlob {
  contentType: string;
  size: number;
  hash: string | null;
  inline: Buffer;
}

const EMPTY = Buffer.alloc(0);

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The `blobs` table and the files beside it. A blob row (token, content type, size) names its
 * bytes by sha256 (`hash`, the file `<db>.blobs/<hash>`) or holds them (`bytes`, small ones, every
 * one of a `:memory:` db, and rows of a db older than schema 3). Rows are written once, never
 * updated. When a row goes, its file goes after the commit unless another row or a write in
 * flight still names it; what a crash leaves behind is collected at the next start.
 */
export class BlobStore {
  /** Hashes of rows deleted by the transaction under way. */
  private readonly deletedHashes: string[] = [];
  private readonly insertRow: Statement;
  private readonly readRow: Statement;
  private readonly deleteRow: Statement;
  private readonly hashNamed: Statement;

  constructor(
    private readonly db: Database,
    private readonly files: BlobFiles | undefined,
  ) {
    this.insertRow = db.prepare('INSERT INTO blobs (token, content_type, size, hash, bytes) VALUES (?, ?, ?, ?, ?)');
    this.readRow = db.prepare('SELECT content_type, hash, bytes FROM blobs WHERE token = ?');
    this.deleteRow = db.prepare('DELETE FROM blobs WHERE token = ? RETURNING hash');
    this.hashNamed = db.prepare('SELECT 1 FROM blobs WHERE hash = ? LIMIT 1').pluck();
  }

  /**
   * Makes large bytes durable in files before any row names them (one folder sync for all);
   * small ones, and all of a `:memory:` db, are kept for their row. Call `release` once the rows
   * are committed (or refused).
   */
  async prepare(items: readonly (NewBlob | undefined)[]): Promise<(PreparedBlob | undefined)[]> {
    const files = this.files;
    const toFile = files ? items.filter((b): b is NewBlob => b !== undefined && b.bytes.length > INLINE_MAX_BYTES) : [];
    const hashes = toFile.length > 0 && files ? await files.write(toFile.map((b) => b.bytes)) : [];
    const hashOf = new Map(toFile.map((b, i) => [b, hashes[i] as string]));
    return items.map((b) => {
      if (!b) return undefined;
      const hash = hashOf.get(b);
      return { contentType: b.contentType, size: b.bytes.length, hash: hash ?? null, inline: hash ? EMPTY : asBuffer(b.bytes) };
    });
  }

  /**
   * Unpins what `prepare` wrote, once the rows naming it are committed or will never be. Files no
   * row names (bytes of refused inputs, of a request rolled back, of a download whose input was
   * deleted meanwhile) go now rather than at the next start.
   */
  release(prepared: readonly (PreparedBlob | undefined)[]): void {
    const hashes = prepared.flatMap((b) => (b?.hash ? [b.hash] : []));
    if (hashes.length === 0 || !this.files) return;
    this.files.unpin(hashes);
    if (this.db.open) this.removeUnnamed(new Set(hashes)); // a closed db: left to the next start
  }

  private removeUnnamed(hashes: Iterable<string>): void {
    for (const hash of hashes) if (this.hashNamed.get(hash) === undefined) this.files?.remove(hash);
  }

  /**
   * Inserts a row for prepared bytes and returns its token: 32 lowercase hex characters, the
   * suffix of its hosted URL (a UUID's: Node draws those from a cached pool, where a
   * `randomBytes` call each cost more than the rest of an insert in a profile of ingest).
   */
  insert(blob: PreparedBlob): string {
    const token = randomUUID().replaceAll('-', '');
    this.insertRow.run(token, blob.contentType, blob.size, blob.hash, blob.inline);
    return token;
  }

  read(token: string): { contentType: string; bytes: Buffer } | undefined {
    const row = this.readRow.get(token) as { content_type: string; hash: string | null; bytes: Buffer } | undefined;
    if (!row) return undefined;
    if (row.hash === null) return { contentType: row.content_type, bytes: row.bytes };
    const bytes = this.files?.read(row.hash);
    if (!bytes) throw new Error(`the file of blob ${token} (${row.hash}) is missing from ${this.files?.dir ?? 'the blob folder'}`);
    return { contentType: row.content_type, bytes };
  }

  /** Deletes a row (inside a transaction); its file is removed by `afterCommit`. */
  delete(token: string): void {
    const row = this.deleteRow.get(token) as { hash: string | null } | undefined;
    if (row?.hash) this.deletedHashes.push(row.hash);
  }

  /** After a commit: removes the files of deleted rows that no row names any more. */
  afterCommit(): void {
    this.removeUnnamed(this.deletedHashes.splice(0));
  }

  /** After a rollback: the deleted rows are back, keep their files. */
  afterRollback(): void {
    this.deletedHashes.length = 0;
  }

  /** At start: removes files no row names and leftovers of cut writes. Returns how many. */
  collectGarbage(): number {
    return this.files ? this.files.collectGarbage((hash) => this.hashNamed.get(hash) !== undefined) : 0;
  }
}
