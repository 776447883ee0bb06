import type { Database } from 'better-sqlite3';
import { loadSqlite } from './load-sqlite';
import { migrate } from './migrations';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema';

import type { SyncMode } from '../server/options';

export type { SyncMode };

/**
 * Opens (or creates) the emulator database: WAL journal, the chosen sync mode, and the schema
 * (a database of an older schema version is migrated, in one transaction). One emulator per
 * file is `lockDatabase`'s job.
 */
export function openDatabase(file: string, sync: SyncMode): Database {
  const Sqlite = loadSqlite();
  let db: Database;
  try {
    db = new Sqlite(file);
  } catch (err) {
    throw new Error(`The emulator could not open its database ${JSON.stringify(file)}: ${(err as Error).message}`, { cause: err });
  }
  try {
    db.pragma('journal_mode = WAL');
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
    // SQLite's own words ("file is not a database", "attempt to write a readonly database") do not say which file.
    const message = (err as Error).message;
    if (message.includes(JSON.stringify(file))) throw err;
    throw new Error(`The emulator could not open its database ${JSON.stringify(file)}: ${message}`, { cause: err });
  }
}
