import type { Database } from 'better-sqlite3';
import { loadSqlite } from './load-sqlite';
import { describeLockOwner } from './lock-owner';
import { migrate } from './migrations';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema';

/** `FULL` syncs the WAL on every commit; `NORMAL` only at checkpoints (see README, Emulator). */
export type SyncMode = 'FULL' | 'NORMAL';

/** The db file is held by another connection (SQLite's exclusive lock). */
function isLocked(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/**
 * Opens (or creates) the emulator database: exclusive locking, WAL journal, the chosen sync mode,
 * and the schema (a database of an older schema version is migrated, in one transaction).
 * Exclusive locking makes a second emulator on the same file fail here, naming the first.
 */
export function openDatabase(file: string, sync: SyncMode): Database {
  const Sqlite = loadSqlite();
  let db: Database;
  try {
    db = new Sqlite(file, { timeout: 0 });
  } catch (err) {
    throw new Error(`The emulator could not open its database ${JSON.stringify(file)}: ${(err as Error).message}`, { cause: err });
  }
  try {
    // Set before the first access: SQLite then takes the file's lock for as long as this
    // connection lives (no -shm file; the lock is the kernel's, so it dies with the process).
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.pragma('journal_mode = WAL');
    } catch (err) {
      if (!isLocked(err)) throw err;
      throw new Error(
        `The emulator could not open its database ${JSON.stringify(file)}: another emulator has it open (${describeLockOwner(file)}). Stop that one, or give this one another db file.`,
        { cause: err },
      );
    }
    db.pragma(`synchronous = ${sync}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`database ${JSON.stringify(file)} has schema version ${version}; this emulator knows up to ${SCHEMA_VERSION}`);
    }
    db.transaction(() => {
      if (version > 0 && version < SCHEMA_VERSION) migrate(db, version);
      db.exec(SCHEMA_SQL);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
