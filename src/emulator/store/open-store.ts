import type { Database } from 'better-sqlite3';
import { existsSync, lstatSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { lockDatabase } from '../sqlite/db-lock';
import { openDatabase, type SyncMode } from '../sqlite/open-database';
import { BlobFiles } from './blob-files';
import { InputStore } from './input-store';
import { PackFiles } from './pack-files';
import { WalSync } from '../sqlite/wal-sync';

/** An open store and what ends it. */
export interface OpenStore {
  store: InputStore;
  /** Closes the db (and gives up its lock). */
  close(): void;
  /**
   * For a start that failed: closes, and removes the db file and its companions if this open
   * created them (the lock file too: no other emulator can have found a file this new).
   */
  abandon(): void;
}

const MEMORY = ':memory:';

/** Every file a db file brings along: WAL, shared memory, lock, pack folder (and an older blob folder). */
function companionsOf(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`, `${file}.lock`, `${file}.lock-journal`, `${file}.packs`, `${file}.blobs`];
}

/**
 * The one name of a db file, however it was reached: symbolic links (of the file or of a folder)
 * resolved, for a file that does not exist yet too. SQLite follows links when it opens the db and
 * names its WAL after the file it reached, so the lock, the pack folder and the WAL this store
 * syncs must be named after that file as well: through a link, a second emulator would otherwise
 * take a lock of its own on the same db, and the WAL sync would look for a file that is not there.
 */
export function canonicalDbPath(file: string): string {
  let current = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return realpathSync(current);
    } catch {
      // Not there (yet): a dangling link leads to the file SQLite will create; else the folder's real path.
      let link: string | undefined;
      try {
        link = lstatSync(current).isSymbolicLink() ? readlinkSync(current) : undefined;
      } catch {
        link = undefined;
      }
      if (link === undefined) {
        try {
          return path.join(realpathSync(path.dirname(current)), path.basename(current));
        } catch {
          return current;
        }
      }
      current = path.resolve(path.dirname(current), link);
    }
  }
  return current;
}

/**
 * Opens the emulator's store on `file` (or `:memory:`; a file by its `canonicalDbPath`): the lock against a second emulator
 * (`<file>.lock`, see `lockDatabase`), the db, and the pack folder `<file>.packs` (and the blob
 * folder `<file>.blobs` of an older db), cleared of files no row names (see
 * `BlobStore.collectGarbage`).
 */
export function openStore(given: string, sync: SyncMode): OpenStore {
  const onDisk = given !== MEMORY;
  const file = onDisk ? canonicalDbPath(given) : given;
  const created = onDisk && !existsSync(file);
  const removeCreated = () => {
    if (created) for (const f of companionsOf(file)) rmSync(f, { recursive: true, force: true });
  };
  // Nothing is removed when the lock fails: the files are another emulator's.
  const lock = onDisk ? lockDatabase(file) : undefined;
  // At FULL on a file, commits are synced by WalSync, off the event loop and in groups.
  const walSync = onDisk && sync === 'FULL' ? new WalSync(`${file}-wal`) : undefined;
  let db: Database;
  try {
    db = openDatabase(file, walSync ? 'NORMAL' : sync);
  } catch (err) {
    lock?.release();
    removeCreated();
    throw err;
  }
  let store: InputStore | undefined;
  const close = () => {
    store?.blobs.close();
    walSync?.close();
    db.close();
    lock?.release();
  };
  try {
    store = onDisk ? new InputStore(db, new PackFiles(`${file}.packs`), new BlobFiles(`${file}.blobs`), walSync) : new InputStore(db);
    store.blobs.collectGarbage();
    return {
      store,
      close,
      abandon: () => {
        close();
        removeCreated();
      },
    };
  } catch (err) {
    close();
    removeCreated();
    throw err;
  }
}
