/**
 * Issue 7.2: `clarifai-inputs add --resume` killed with SIGKILL three times mid-run, then run
 * to the end, against an emulator that also drops 5% of answers after the write. Every input
 * lands exactly once, with its data. (The CLI is the built one, in its own process.)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { CLI, collect, requireBuiltCli, runCliProcess } from '../support/cli-process';
import { allStored, emulatorClient, RELIABILITY_KEY, storedProblems } from './support';

const N = 3_000;
const KILLS = 3;
const TAG = 'cli-kill';

/**
 * Answers dropped after the write. The CLI runs on the client's default retry policy (5
 * attempts), so a call fails for good with probability FAULT_RATE^5: at 0.2 that is 1 in 3,125
 * calls, and the ~1,500 calls of the four runs failed the test about one time in ten
 * ("ListInputs failed: UNAVAILABLE ... injected fault"). At 0.05 it is 1 in 3.2 million, and
 * each run still meets dozens of dropped answers to recover from.
 */
const FAULT_RATE = 0.05;

let dir: string;
let emulator: RunningEmulator;
beforeAll(async () => {
  requireBuiltCli();
  dir = mkdtempSync(path.join(tmpdir(), 'rel-cli-kill-'));
  emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY], db: path.join(dir, 'emulator.db'), faultRate: FAULT_RATE, faultPhase: 'after', faultCodes: ['UNAVAILABLE'], faultSeed: 21, latencyMs: 2 });
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Ids recorded in the resume log, read as the CLI reads it: complete lines only (a kill can tear the last one). */
function linesIn(file: string): number {
  if (!existsSync(file)) return 0;
  const text = readFileSync(file, 'utf8');
  const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n');
  // Each line is `id\torigin`.
  return new Set(lines.filter((line) => /^[0-9a-f]{32}\t/.test(line)).map((line) => line.slice(0, 32))).size;
}

test('three SIGKILLs mid-upload, three restarts: every input lands exactly once', async () => {
  const rows = path.join(dir, 'rows.jsonl');
  writeFileSync(rows, Array.from({ length: N }, (_, i) => JSON.stringify({ text: `${TAG}#${i}`, metadata: { tag: TAG, i } })).join('\n'));
  const resume = path.join(dir, 'landed.log');
  const args = ['add', '--from-jsonl', rows, '--resume', resume, '--batch-size', '10', '--concurrency', '2', '--target', emulator.target, '--insecure', '--api-key', RELIABILITY_KEY, '--json'];

  const landedAtKill: number[] = [];
  for (let kill = 0; kill < KILLS; kill++) {
    const before = linesIn(resume);
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run = collect(child, 60_000);
    // Kill once at least 30 more batches have landed and been recorded.
    while (linesIn(resume) < before + 300 && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    const killed = await run;
    expect([killed.signal, killed.code, killed.stderr.slice(-500)]).toEqual(['SIGKILL', null, expect.any(String)]);
    landedAtKill.push(linesIn(resume));
  }
  // Each kill came mid-run: more had landed than before it, not yet everything.
  expect(landedAtKill[0]).toBeGreaterThanOrEqual(300);
  expect(landedAtKill.every((n, i) => n >= (landedAtKill[i - 1] ?? 0) + 300 && n < N)).toBe(true);

  const last = await runCliProcess(args, { timeoutMs: 60_000 });
  expect(last.stderr).not.toContain(RELIABILITY_KEY);
  // The stderr tail says why, should the run fail.
  expect({ code: last.code, stderr: last.stderr.slice(-500) }).toEqual({ code: 0, stderr: expect.any(String) });
  const summary = JSON.parse(last.stdout) as { total: number; added: number; alreadyPresent: number; resumed: number; failed: number };
  expect(summary).toMatchObject({ total: N, failed: 0 });
  expect(summary.resumed).toBe(landedAtKill[KILLS - 1]);
  expect(summary.added + summary.alreadyPresent + summary.resumed).toBe(N);

  const client = emulatorClient(emulator.target);
  try {
    expect(storedProblems(await allStored(client), N, TAG)).toEqual([]);
  } finally {
    client.close();
  }
}, 120_000);
