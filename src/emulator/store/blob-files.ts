import { createHash } from 'node:crypto';
import { mkdirSync, openSync, fsyncSync, closeSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { open, rename, stat } from 'node:fs/promises';
import path from 'node:path';

const SHA256_NAME = /^[0-9a-f]{64}$/;
let tmpCounter = 0;

function isMissing(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'ENOENT';
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

/**
 * Content-addressed byte files in one folder beside the db file (`<db>.blobs/<sha256>`):
 * identical bytes are stored once. A file is written to a temporary name, fsynced, renamed, and
 * the folder fsynced, all before `write` resolves, so a row naming a hash never commits before
 * its bytes are on disk. A hash is pinned from `write` until `unpin`, so that garbage collection
 * of a deleted input's file never removes bytes an uncommitted row is about to name.
 */
export class BlobFiles {
  private readonly pins = new Map<string, number>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  static hashOf(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  fileOf(hash: string): string {
    return path.join(this.dir, hash);
  }

  /** Stores every item durably (file and folder fsynced) and pins its hash; resolves to the hashes. */
  async write(items: Uint8Array[]): Promise<string[]> {
    const hashes = items.map((bytes) => BlobFiles.hashOf(bytes));
    for (const hash of hashes) this.pins.set(hash, (this.pins.get(hash) ?? 0) + 1);
    try {
      const unique = new Map<string, Uint8Array>();
      hashes.forEach((hash, i) => unique.set(hash, items[i] as Uint8Array));
      // Files already there were fsynced before their rename; the folder sync below makes their
      // names durable even if another request renamed them a moment ago and has not synced yet.
      await Promise.all([...unique].map(([hash, bytes]) => this.writeOne(hash, bytes)));
      await this.syncDir();
      return hashes;
    } catch (err) {
      this.unpin(hashes);
      throw err;
    }
  }

  private async writeOne(hash: string, bytes: Uint8Array): Promise<void> {
    const file = this.fileOf(hash);
    if (await exists(file)) return;
    const tmp = `${file}.${process.pid}-${++tmpCounter}.tmp`;
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  }

  private async syncDir(): Promise<void> {
    const handle = await open(this.dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  unpin(hashes: readonly string[]): void {
    for (const hash of hashes) {
      const n = (this.pins.get(hash) ?? 0) - 1;
      if (n > 0) this.pins.set(hash, n);
      else this.pins.delete(hash);
    }
  }

  /** The bytes of `hash`, or undefined when the file is missing. */
  read(hash: string): Buffer | undefined {
    try {
      return readFileSync(this.fileOf(hash));
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  /**
   * Removes the file of a hash no committed row names any more, unless a write in flight pinned
   * it. Synchronous, so that no write can pin the hash between the check and the unlink. Not
   * synced: a removal lost in a crash is redone by `collectGarbage` at the next start.
   */
  remove(hash: string): void {
    if (this.pins.has(hash)) return;
    try {
      unlinkSync(this.fileOf(hash));
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }

  /**
   * At start, before any call: removes temporary files of writes a crash cut short and files no
   * row names (inputs refused after their bytes were written, deletions a crash interrupted).
   * Returns how many files it removed.
   */
  collectGarbage(isNamed: (hash: string) => boolean): number {
    let removed = 0;
    for (const name of readdirSync(this.dir)) {
      if (SHA256_NAME.test(name) ? isNamed(name) : !name.endsWith('.tmp')) continue;
      unlinkSync(path.join(this.dir, name));
      removed++;
    }
    if (removed > 0) {
      const fd = openSync(this.dir, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    return removed;
  }
}
