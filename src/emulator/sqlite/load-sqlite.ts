import type BetterSqlite3 from 'better-sqlite3';

/** The better-sqlite3 constructor, required only when an emulator starts. */
export type SqliteConstructor = typeof BetterSqlite3;

/**
 * Loads better-sqlite3 on demand, so that importing the client never touches SQLite. It is an
 * optional peer dependency: when it is missing, the error says how to install it.
 */
export function loadSqlite(): SqliteConstructor {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('better-sqlite3') as SqliteConstructor;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND') {
      throw new Error(
        'The clarifai-inputs emulator needs better-sqlite3, an optional peer dependency: run `npm install better-sqlite3@12`',
        { cause: err },
      );
    }
    throw new Error(`The emulator could not load better-sqlite3: ${(err as Error).message}`, { cause: err });
  }
}
