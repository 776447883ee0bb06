import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { BlobFiles } from './blob-files';
import type { PackFiles } from './pack-files';

/** Bytes to store with their content type. */
export interface NewBlob {
  bytes: Uint8Array;
  contentType: string;
}

/** Bytes made durable by `prepare` (in a pack, pinned) or kept for the row (`inline`). */
export interface PreparedBlob {
  contentType: string;
  size: number;
  /** Where the bytes are: a pack and an offset in it, or null for `inline` bytes. */
  pack: number | null;
  offset: number | null;
  inline: Buffer;
}

/** Where a row's bytes are, as `read` and `delete` see it. */
interface BlobRow {
  content_type: string;
  size: number;
  hash: string | null;
  pack: number | null;
  pack_offset: number | null;
  bytes: Buffer;
}

const EMPTY = Buffer.alloc(0);

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A blob row's token, the suffix of its hosted URL: 32 lowercase hex characters, the time in
 * milliseconds (12) and then 20 of a UUID's (74 random bits). Starting with the time, tokens
 * are inserted at the end of the `blobs` primary key, where random ones touched a different page
 * of it per row, each written to the WAL at the commit. The UUID is Node's, drawn from a cached
 * pool: a `randomBytes` call each cost more than the rest of an insert in a profile of ingest.
 */
export function newBlobToken(): string {
  return Date.now().toString(16).padStart(12, '0') + randomUUID().replaceAll('-', '').slice(12);
}

/**
 * The `blobs` table and the files beside it. A blob row (token, content type, size) names its
 * bytes by (`pack`, `pack_offset`): a range of an append-only pack file `<db>.packs/<pack>.pack`
 * (see `PackFiles`), written and synced before the row commits. A `:memory:` db keeps bytes in
 * the row (`bytes`), as did rows of a db older than schema 3; rows of schemas 3 and 4 may name a
 * content-addressed file by `hash` (`<db>.blobs/<sha256>`). All three are read. Rows are written
 * once, never updated. When the last row naming a pack (or file) goes, the pack goes after the
 * commit unless it is still open for appends or a write in flight pinned it; what a crash leaves
 * behind is collected at the next start.
 */
export class BlobStore {
  /** Packs and legacy files named by rows deleted in the transaction under way. */
  private readonly deletedPacks: number[] = [];
  private readonly deletedHashes: string[] = [];
  private readonly insertRow: Statement;
  private readonly readRow: Statement;
  private readonly deleteRow: Statement;
  private readonly packNamed: Statement;
  private readonly hashNamed: Statement;

  constructor(
    private readonly db: Database,
    private readonly packs: PackFiles | undefined,
    private readonly legacyFiles: BlobFiles | undefined,
  ) {
    this.insertRow = db.prepare('INSERT INTO blobs (token, content_type, size, pack, pack_offset, bytes) VALUES (?, ?, ?, ?, ?, ?)');
    this.readRow = db.prepare('SELECT content_type, size, hash, pack, pack_offset, bytes FROM blobs WHERE token = ?');
    this.deleteRow = db.prepare('DELETE FROM blobs WHERE token = ? RETURNING hash, pack');
    this.packNamed = db.prepare('SELECT 1 FROM blobs WHERE pack = ? LIMIT 1').pluck();
    this.hashNamed = db.prepare('SELECT 1 FROM blobs WHERE hash = ? LIMIT 1').pluck();
  }

  /**
   * Makes the bytes durable in the open pack before any row names them (one write and one data
   * sync for all of them); a `:memory:` db keeps them for their row. Call `release` once the rows
   * are committed (or refused).
   */
  async prepare(items: readonly (NewBlob | undefined)[]): Promise<(PreparedBlob | undefined)[]> {
    const present = items.filter((b): b is NewBlob => b !== undefined);
    if (!this.packs || present.length === 0) {
      return items.map((b) => b && { contentType: b.contentType, size: b.bytes.length, pack: null, offset: null, inline: asBuffer(b.bytes) });
    }
    const { pack, offsets } = await this.packs.append(present.map((b) => b.bytes));
    let next = 0;
    return items.map((b) => b && { contentType: b.contentType, size: b.bytes.length, pack, offset: offsets[next++] as number, inline: EMPTY });
  }

  /**
   * Unpins what `prepare` wrote, once the rows naming it are committed or will never be. A pack
   * no row names (every input of its request refused, say) goes now unless it is still open.
   */
  release(prepared: readonly (PreparedBlob | undefined)[]): void {
    if (!this.packs) return;
    const packs: number[] = [];
    for (const b of prepared) {
      if (b?.pack == null) continue;
      this.packs.unpin(b.pack);
      packs.push(b.pack);
    }
    if (packs.length > 0 && this.db.open) this.removeUnnamed(packs, []); // a closed db: left to the next start
  }

  private removeUnnamed(packs: Iterable<number>, hashes: Iterable<string>): void {
    for (const pack of new Set(packs)) if (this.packNamed.get(pack) === undefined) this.packs?.remove(pack);
    for (const hash of new Set(hashes)) if (this.hashNamed.get(hash) === undefined) this.legacyFiles?.remove(hash);
  }

  /** Inserts a row for prepared bytes and returns its token (see `newBlobToken`). */
  insert(blob: PreparedBlob): string {
    const token = newBlobToken();
    this.insertRow.run(token, blob.contentType, blob.size, blob.pack, blob.offset, blob.inline);
    return token;
  }

  read(token: string): { contentType: string; bytes: Buffer } | undefined {
    const row = this.readRow.get(token) as BlobRow | undefined;
    if (!row) return undefined;
    const bytes = this.bytesOf(row);
    if (!bytes) throw new Error(`the bytes of blob ${token} (${this.whereIs(row)}) are missing`);
    return { contentType: row.content_type, bytes };
  }

  private bytesOf(row: BlobRow): Buffer | undefined {
    if (row.pack !== null) return this.packs?.read(row.pack, row.pack_offset ?? 0, row.size);
    if (row.hash !== null) return this.legacyFiles?.read(row.hash);
    return row.bytes;
  }

  private whereIs(row: BlobRow): string {
    if (row.pack !== null) return `${this.packs?.fileOf(row.pack) ?? `pack ${row.pack}`} at ${row.pack_offset}, ${row.size} bytes`;
    return this.legacyFiles?.fileOf(row.hash ?? '') ?? `file ${row.hash}`;
  }

  /** Deletes a row (inside a transaction); its pack or file is removed by `afterCommit`. */
  delete(token: string): void {
    const row = this.deleteRow.get(token) as { hash: string | null; pack: number | null } | undefined;
    if (row?.pack != null) this.deletedPacks.push(row.pack);
    if (row?.hash) this.deletedHashes.push(row.hash);
  }

  /** After a commit: removes the packs and files of deleted rows that no row names any more. */
  afterCommit(): void {
    if (this.deletedPacks.length === 0 && this.deletedHashes.length === 0) return;
    this.removeUnnamed(this.deletedPacks.splice(0), this.deletedHashes.splice(0));
  }

  /** After a rollback: the deleted rows are back, keep their bytes. */
  afterRollback(): void {
    this.deletedPacks.length = 0;
    this.deletedHashes.length = 0;
  }

  /** At start: removes packs and files no row names and leftovers of cut writes. Returns how many. */
  collectGarbage(): number {
    let removed = 0;
    if (this.packs) {
      const highest = this.db.prepare('SELECT MAX(pack) FROM blobs').pluck().get() as number | null;
      this.packs.numberAbove(highest ?? 0);
      removed += this.packs.collectGarbage((pack) => this.packNamed.get(pack) !== undefined);
    }
    if (this.legacyFiles) removed += this.legacyFiles.collectGarbage((hash) => this.hashNamed.get(hash) !== undefined);
    return removed;
  }

  /** Closes the open pack (the db is closing). */
  close(): void {
    this.packs?.close();
  }
}
