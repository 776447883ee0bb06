/**
 * One db file, one emulator: a second emulator process on the same file refuses to start and
 * names the file and the first process; once the first is killed (-9, no cleanup), the file
 * opens again. A start that fails (port taken) leaves no db file it created behind.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../src/emulator/index';
import { canonicalDbPath } from '../../src/emulator/store/open-store';
import { startTestEmulator, TEST_KEY, textInputs } from '../support/emulator-harness';
import { requireBuiltCli, runCliProcess, startEmulatorProcess, type EmulatorProcess } from '../support/cli-process';

const KEY = 'db-lock-test-key';
let dir: string;
const running: EmulatorProcess[] = [];
beforeAll(() => requireBuiltCli());
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'emu-db-lock-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

/** The pid `<db>.lock` records (read through SQLite: the holder's lock allows readers). */
function lockOwnerPid(db: string): number | undefined {
  const lock = new Database(`${db}.lock`, { readonly: true, fileMustExist: true });
  try {
    return (lock.prepare('SELECT pid FROM owner').get() as { pid: number } | undefined)?.pid;
  } finally {
    lock.close();
  }
}

async function start(db: string, port = '0'): Promise<EmulatorProcess> {
  const emulator = await startEmulatorProcess(['--api-key', KEY, '--db', db, '--port', port]);
  running.push(emulator);
  return emulator;
}

describe('two emulators on one db file', () => {
  it('the second refuses, naming the file and the first; after the first is killed -9 the file opens again', async () => {
    const db = path.join(dir, 'shared.db');
    const first = await start(db);
    expect(lockOwnerPid(db)).toBe(first.child.pid);

    const second = await runCliProcess(['emulator', '--api-key', KEY, '--db', db, '--port', '0'], { timeoutMs: 30_000 });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(JSON.stringify(db));
    expect(second.stderr).toContain(`another emulator has it open (pid ${first.child.pid} on `);

    expect(await first.stop('SIGKILL')).toBeNull();
    expect(lockOwnerPid(db)).toBe(first.child.pid); // a dead owner's record: its lock died with it
    const third = await start(db);
    expect(lockOwnerPid(db)).toBe(third.child.pid);
    expect(await third.stop()).toBe(0);
    const fourth = await start(db); // after a clean stop too
    expect(lockOwnerPid(db)).toBe(fourth.child.pid);
  });

  it('two emulators in one process: the second start is refused, the first keeps serving', async () => {
    const db = path.join(dir, 'one-process.db');
    const first = await startTestEmulator({ db });
    try {
      await expect(startEmulator({ apiKeys: [TEST_KEY], db })).rejects.toThrow(`another emulator has it open (pid ${process.pid} on `);
      await first.v2.postInputs({ inputs: textInputs(3) });
      expect((await first.v2.listInputs()).inputs.map((i) => i.id)).toEqual(['t-2', 't-1', 't-0']);
    } finally {
      await first.close();
    }
  });
});

describe('a db reached through a symbolic link', () => {
  it('is the same db: an emulator on the link serves and syncs it, and a second one through another name is refused', async () => {
    const real = path.join(dir, 'real.db');
    const link = path.join(dir, 'link.db');
    symlinkSync(real, link); // dangling until the first emulator creates real.db
    const first = await startTestEmulator({ db: link });
    try {
      await first.v2.postInputs({ inputs: textInputs(2) });
      expect((await first.v2.listInputs()).inputs.map((i) => i.id)).toEqual(['t-1', 't-0']);
      expect(existsSync(`${real}.lock`)).toBe(true);
      expect(existsSync(`${link}.lock`)).toBe(false);
      const folderLink = path.join(dir, 'folder-link');
      symlinkSync(dir, folderLink);
      for (const alias of [real, path.join(folderLink, 'link.db'), path.join(folderLink, 'real.db')]) {
        await expect(startEmulator({ apiKeys: [TEST_KEY], db: alias })).rejects.toThrow(`another emulator has it open (pid ${process.pid} on `);
      }
    } finally {
      await first.close();
    }
    expect(canonicalDbPath(link)).toBe(canonicalDbPath(real));
    const reopened = await startTestEmulator({ db: real });
    try {
      expect((await reopened.v2.listInputs()).inputs.map((i) => i.id)).toEqual(['t-1', 't-0']);
    } finally {
      await reopened.close();
    }
  });
});

describe('a start that fails', () => {
  it('on a file that is not a database names the file', async () => {
    const db = path.join(dir, 'notes.db');
    writeFileSync(db, 'these are notes, not a database '.repeat(100));
    await expect(startEmulator({ apiKeys: [TEST_KEY], db })).rejects.toThrow(`The emulator could not open its database ${JSON.stringify(db)}: file is not a database`);
  });

  it('leaves no db file behind when the port is taken', async () => {
    const first = await start(path.join(dir, 'first.db'));
    const port = first.target.split(':').pop() as string;
    const run = await runCliProcess(['emulator', '--api-key', KEY, '--db', path.join(dir, 'second.db'), '--port', port], { timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not listen on 127\.0\.0\.1:\d+/);
    // grpc-js's own log line (`E No address added ...`) is not printed beside ours.
    expect(run.stderr).not.toMatch(/^E /m);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.startsWith('second.db'))).toEqual([]);
  });

  it('keeps a db file that existed before it', async () => {
    const db = path.join(dir, 'kept.db');
    const earlier = await start(db);
    expect(await earlier.stop()).toBe(0);
    const holder = await start(path.join(dir, 'holder.db'));
    const port = holder.target.split(':').pop() as string;
    const run = await runCliProcess(['emulator', '--api-key', KEY, '--db', db, '--port', port], { timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(existsSync(db)).toBe(true);
  });
});
