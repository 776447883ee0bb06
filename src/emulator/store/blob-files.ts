import { closeSync, existsSync, fsyncSync, openSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';

const SHA256_NAME = /^[0-9a-f]{64}$/;

function isMissing(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'ENOENT';
}

/**
 * Content-addressed byte files of schema 3 and 4 dbs, in one folder beside the db
 * (`<db>.blobs/<sha256>`): read, and removed once no row names them. New bytes go to packs (see
 * `PackFiles`), so no file is written here any more.
 */
export class BlobFiles {
  constructor(readonly dir: string) {}

  fileOf(hash: string): string {
    return path.join(this.dir, hash);
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
   * Removes the file of a hash no committed row names any more. Not synced: a removal lost in a
   * crash is redone by `collectGarbage` at the next start.
   */
  remove(hash: string): void {
    try {
      unlinkSync(this.fileOf(hash));
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }

  /**
   * At start, before any call: removes temporary files of writes a crash cut short (by an older
   * emulator) and files no row names (deletions a crash interrupted).
   * Returns how many files it removed.
   */
  collectGarbage(isNamed: (hash: string) => boolean): number {
    if (!existsSync(this.dir)) return 0;
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
