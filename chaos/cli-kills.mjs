// Scenario 2: `clarifai-inputs add --resume` of N JSONL rows against an emulator that drops 20%
// of answers after the write, killed with SIGKILL three times mid-run, then run to the end.
// Every input must land exactly once.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { allStored, compareStored, emulatorClient, finished, KEY, now, runCli, spawnCli, startEmulator } from './lib.mjs';

const KILLS = 3;
const TAG = 'cli-kill';

const linesIn = (file) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);

export async function cliUnderKills(n) {
  const dir = mkdtempSync(path.join(tmpdir(), 'chaos-cli-'));
  const emulator = await startEmulator({ apiKeys: [KEY], db: path.join(dir, 'emulator.db'), faultRate: 0.2, faultPhase: 'after', faultCodes: ['UNAVAILABLE'], faultSeed: 77 });
  try {
    const rows = path.join(dir, 'rows.jsonl');
    writeFileSync(rows, Array.from({ length: n }, (_, i) => JSON.stringify({ text: `${TAG}#${i}`, metadata: { tag: TAG, i } })).join('\n'));
    const resume = path.join(dir, 'landed.log');
    const args = ['add', '--from-jsonl', rows, '--resume', resume, '--batch-size', '32', '--concurrency', '2', '--target', emulator.target, '--insecure', '--json'];
    const env = { CLARIFAI_PAT: KEY };
    const step = Math.floor(n / (KILLS + 1));
    const started = now();
    const landedAtKill = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      const child = spawnCli(args, env);
      const run = finished(child);
      // Kill once about a quarter more has landed and been recorded.
      while (linesIn(resume) < kill * step && child.exitCode === null) await sleep(5);
      child.kill('SIGKILL');
      const killed = await run;
      if (killed.signal !== 'SIGKILL') throw new Error(`run ${kill} ended before it was killed: ${killed.code} ${killed.stderr}`);
      landedAtKill.push(linesIn(resume));
    }
    const last = await runCli(args, { env });
    const summary = JSON.parse(last.stdout || '{}');
    const client = emulatorClient(emulator.target);
    const check = compareStored(await allStored(client), n, TAG);
    client.close();
    return { n, kills: KILLS, landedAtKill, exit: last.code, summary, seconds: (now() - started) / 1000, ...check };
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
