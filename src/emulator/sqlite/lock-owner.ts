import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who holds a db file: written to `<db>.lock` by the emulator that opened it, read by one that
 * finds the file locked, to name the other process in its refusal. The lock itself is SQLite's
 * exclusive lock (a kernel lock, released when its process ends, even by `kill -9`); this file
 * only describes it, so a file left by a dead process is simply overwritten.
 */
export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export function lockFileOf(dbFile: string): string {
  return `${dbFile}.lock`;
}

export function writeLockOwner(dbFile: string): void {
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeFileSync(lockFileOf(dbFile), `${JSON.stringify(owner)}\n`);
}

export function removeLockOwner(dbFile: string): void {
  rmSync(lockFileOf(dbFile), { force: true });
}

/** `pid 1234 on host, since <time>`, or a plain phrase when the file is missing or unreadable. */
export function describeLockOwner(dbFile: string): string {
  try {
    const owner = JSON.parse(readFileSync(lockFileOf(dbFile), 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid === 'number') return `pid ${owner.pid} on ${owner.host ?? 'an unknown host'}, since ${owner.since ?? 'an unknown time'}`;
  } catch {
    // Missing or half-written: the other process is still named as well as we can.
  }
  return `a process that left no ${JSON.stringify(lockFileOf(dbFile))}`;
}
