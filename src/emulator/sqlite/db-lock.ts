import type { Database } from 'better-sqlite3';
import { hostname } from 'node:os';
import { loadSqlite } from './load-sqlite';

/** Who holds a db file, as its lock file records it. */
interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** A held lock; `release` ends it (the file stays, see `lockDatabase`). */
export interface DbLock {
  release(): void;
}

export function lockFileOf(dbFile: string): string {
  return `${dbFile}.lock`;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

function describe(lock: Database, file: string): string {
  try {
    const owner = lock.prepare('SELECT pid, host, since FROM owner').get() as LockOwner | undefined;
    if (owner) return `pid ${owner.pid} on ${owner.host}, since ${owner.since}`;
  } catch {
    // The holder has not written its row yet: it is still named as well as we can.
  }
  return `a process starting up on ${JSON.stringify(file)}`;
}

/**
 * Takes the lock that lets one emulator at a time use `dbFile`: `<db>.lock`, a small SQLite file
 * holding the owner's pid, host and start time, on which the owner keeps a write transaction open
 * (SQLite's RESERVED lock, a kernel lock that ends with the process, even on `kill -9`). Another
 * emulator fails to begin its own and reads the owner from the file to name it. The main db keeps
 * SQLite's normal locking (its exclusive mode would keep the WAL index in heap memory, which
 * wrote 5x the pages per input in a profile of ingest).
 *
 * The lock file is never deleted while it may be in use: an emulator that opened it just before
 * a removal would lock a file no longer in the folder, and a third could then lock a new one.
 */
export function lockDatabase(dbFile: string): DbLock {
  const file = lockFileOf(dbFile);
  const Sqlite = loadSqlite();
  let lock: Database;
  try {
    lock = new Sqlite(file, { timeout: 0 });
  } catch (err) {
    throw new Error(`The emulator could not open its database ${JSON.stringify(dbFile)} (its lock file ${JSON.stringify(file)}): ${(err as Error).message}`, { cause: err });
  }
  try {
    lock.pragma('synchronous = OFF'); // what it records matters only while its owner lives
    lock.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL)');
    try {
      lock.exec('BEGIN IMMEDIATE');
      lock.exec('DELETE FROM owner');
      lock.prepare('INSERT INTO owner (pid, host, since) VALUES (?, ?, ?)').run(process.pid, hostname(), new Date().toISOString());
      lock.exec('COMMIT');
      lock.exec('BEGIN IMMEDIATE'); // held until release
    } catch (err) {
      if (!isBusy(err)) throw err;
      throw new Error(
        `The emulator could not open its database ${JSON.stringify(dbFile)}: another emulator has it open (${describe(lock, file)}). Stop that one, or give this one another db file.`,
        { cause: err },
      );
    }
  } catch (err) {
    lock.close();
    throw err;
  }
  return {
    release: () => {
      lock.exec('ROLLBACK');
      lock.close();
    },
  };
}
