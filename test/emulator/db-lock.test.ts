/**
 * One db file, one emulator: a second emulator process on the same file refuses to start and
 * names the file and the first process; once the first is killed (-9, no cleanup), the file
 * opens again. A start that fails (port taken) leaves no db file it created behind.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

async function start(db: string, port = '0'): Promise<EmulatorProcess> {
  const emulator = await startEmulatorProcess(['--api-key', KEY, '--db', db, '--port', port]);
  running.push(emulator);
  return emulator;
}

describe('two emulators on one db file', () => {
  it('the second refuses, naming the file and the first; after the first is killed -9 the file opens again', async () => {
    const db = path.join(dir, 'shared.db');
    const first = await start(db);
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({ pid: first.child.pid });

    const second = await runCliProcess(['emulator', '--api-key', KEY, '--db', db, '--port', '0'], { timeoutMs: 30_000 });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(JSON.stringify(db));
    expect(second.stderr).toContain(`another emulator has it open (pid ${first.child.pid} on `);

    expect(await first.stop('SIGKILL')).toBeNull();
    expect(existsSync(`${db}.lock`)).toBe(true); // what a killed process leaves: only a description
    const third = await start(db);
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({ pid: third.child.pid });
    expect(await third.stop()).toBe(0);
    expect(existsSync(`${db}.lock`)).toBe(false);
  });
});

describe('a start that fails', () => {
  it('leaves no db file behind when the port is taken', async () => {
    const first = await start(path.join(dir, 'first.db'));
    const port = first.target.split(':').pop() as string;
    const run = await runCliProcess(['emulator', '--api-key', KEY, '--db', path.join(dir, 'second.db'), '--port', port], { timeoutMs: 30_000 });
    expect(run.code).toBe(1);
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
