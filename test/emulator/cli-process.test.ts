import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { makeClient, startTestEmulator, TEST_KEY, textInputs, V2Caller } from '../support/emulator-harness';

const CLI = path.resolve(__dirname, '../../dist/cjs/cli/main.js');

/** Starts the built CLI and resolves with the process and the target it printed. */
async function startCli(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; target: string; stderr: () => string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run make build first (or node scripts/build.mjs)`);
  const child = spawn(process.execPath, [CLI, 'emulator', ...args], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const target = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => {
      const m = /^listening on (.+)$/.exec(line);
      if (m) resolve(m[1] as string);
      else reject(new Error(`unexpected first line ${JSON.stringify(line)}`));
    });
    child.once('exit', (code) => reject(new Error(`emulator exited early with ${code}: ${stderr}`)));
  });
  return { child, target, stderr: () => stderr };
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'emu-proc-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('clarifai-inputs emulator as a process', () => {
  it('exits 0 on SIGTERM after serving, with the db closed (no WAL left behind)', async () => {
    const db = path.join(dir, 'term.db');
    const { child, target, stderr } = await startCli(['--port', '0', '--api-key', TEST_KEY, '--db', db]);
    const client = makeClient(target);
    const res = await new V2Caller(client).postInputs({ inputs: textInputs(5) });
    client.close();
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
    child.kill('SIGTERM');
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(existsSync(`${db}-wal`)).toBe(false);
    expect(stderr()).not.toContain(TEST_KEY);
  });

  it('keeps every acknowledged input through kill -9', async () => {
    const db = path.join(dir, 'kill.db');
    const { child, target } = await startCli(['--port', '0', '--api-key', TEST_KEY, '--db', db]);
    const client = makeClient(target);
    const v2 = new V2Caller(client);
    const acknowledged: string[] = [];
    for (let b = 0; b < 5; b++) {
      const res = await v2.postInputs({ inputs: textInputs(100, `k${b}`) });
      expect(res.status?.code).toBe(StatusCode.SUCCESS);
      acknowledged.push(...res.inputs.map((i) => i.id));
    }
    child.kill('SIGKILL');
    expect((await exited(child)).signal).toBe('SIGKILL');
    client.close();
    const t = await startTestEmulator({ db });
    try {
      const listed = await t.v2.listInputs({ perPage: 1000 });
      expect(listed.inputs.map((i) => i.id).sort()).toEqual([...acknowledged].sort());
    } finally {
      await t.close();
    }
  });
});
