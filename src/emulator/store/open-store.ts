import { existsSync, rmSync } from 'node:fs';
import { openDatabase, type SyncMode } from '../sqlite/open-database';
import { removeLockOwner, writeLockOwner } from '../sqlite/lock-owner';
import { BlobFiles } from './blob-files';
import { InputStore } from './input-store';

/** An open store and what ends it. */
export interface OpenStore {
  store: InputStore;
  /** Closes the db (and gives up its lock). */
  close(): void;
  /** For a start that failed: closes, and removes the db file and its companions if this open created them. */
  abandon(): void;
}

const MEMORY = ':memory:';

/** Every file a db file brings along: WAL, shared memory, lock owner, blob folder. */
function companionsOf(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`, `${file}.lock`, `${file}.blobs`];
}

/**
 * Opens the emulator's store on `file` (or `:memory:`): the db, locked against a second
 * emulator; `<file>.lock` naming this process; the blob folder `<file>.blobs`, cleared of files
 * no row names (see `BlobFiles.collectGarbage`).
 */
export function openStore(file: string, sync: SyncMode): OpenStore {
  const onDisk = file !== MEMORY;
  const created = onDisk && !existsSync(file);
  const removeCreated = () => {
    if (created) for (const f of companionsOf(file)) rmSync(f, { recursive: true, force: true });
  };
  // Nothing is removed when the open itself fails: the file may be another emulator's, created
  // a moment ago (a new file that could not be opened was never created).
  const db = openDatabase(file, sync);
  // The owner file goes before the db closes: after that it may already describe another emulator.
  const close = () => {
    if (onDisk) removeLockOwner(file);
    db.close();
  };
  try {
    if (onDisk) writeLockOwner(file);
    const store = new InputStore(db, onDisk ? new BlobFiles(`${file}.blobs`) : undefined);
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
