// Shared pieces of the chaos scenarios: the built package (dist/cjs), numbered inputs whose
// content says what they are, the "exactly once" check, and child processes whose output is
// kept so the runner can search all of it for the API key at the end.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
export const root = path.resolve(import.meta.dirname, '..');
export const CLI = path.join(root, 'dist/cjs/cli/main.js');
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`make build\` (make chaos does)`);

export const { InputsClient, ClarifaiError, StatusCode } = require(path.join(root, 'dist/cjs/index.js'));
export const { startEmulator, FAULT_CODES } = require(path.join(root, 'dist/cjs/emulator/index.js'));

/** The key every scenario uses; the runner fails if it shows up in any captured output. */
export const KEY = `chaos-key-${process.pid}-Zq81vX`;
/** Fast, generous retries: a 20% fault rate needs a few attempts now and then. */
export const chaosRetry = { maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 8 };

/** Everything printed by child processes and emulator logs, for the final key search. */
export const captured = [];

export const now = () => performance.now();
export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

export function emulatorClient(target, options = {}) {
  return new InputsClient({ apiKey: KEY, target, insecure: true, retry: chaosRetry, ...options });
}

/** `n` text inputs; input i carries `tag#i` as text and `{ tag, i }` as metadata; ids when asked. */
export function numberedInputs(n, tag, ids = false) {
  return Array.from({ length: n }, (_, i) => ({ ...(ids ? { id: `${tag}-${i}` } : {}), text: { raw: `${tag}#${i}` }, metadata: { tag, i } }));
}

/** Every stored input, through StreamInputs. */
export async function allStored(client) {
  const out = [];
  for await (const input of client.streamInputs({ perPage: 1000 })) out.push(input);
  return out;
}

/** Counts of how `stored` differs from `numberedInputs(n, tag)`: missing, doubled, wrong data, foreign. */
export function compareStored(stored, n, tag) {
  const seen = new Map();
  let wrongData = 0;
  let foreign = 0;
  for (const input of stored) {
    const meta = input.data?.metadata;
    const i = typeof meta?.i === 'number' ? meta.i : -1;
    if (meta?.tag !== tag || i < 0 || i >= n) {
      foreign++;
      continue;
    }
    if (input.data?.text?.raw !== `${tag}#${i}`) wrongData++;
    seen.set(i, (seen.get(i) ?? 0) + 1);
  }
  let missing = 0;
  let doubled = 0;
  for (let i = 0; i < n; i++) {
    const count = seen.get(i) ?? 0;
    if (count === 0) missing++;
    if (count > 1) doubled += count - 1;
  }
  return { stored: stored.length, missing, doubled, wrongData, foreign, exactlyOnce: missing + doubled + wrongData + foreign === 0 && stored.length === n };
}

/**
 * Calls addInputs until every input is accounted for (src/client/upload-until-done.ts, built):
 * what a caller does when addInputs gives up on a fault it does not retry.
 */
export const uploadUntilDone = (client, inputs, maxCalls = 200) =>
  require(path.join(root, 'dist/cjs/client/upload-until-done.js')).uploadUntilDone(client, inputs, maxCalls);

/** Runs the built CLI to the end (or SIGKILL after `timeoutMs`); its output is captured. */
export function runCli(args, { env = {}, timeoutMs = 600_000 } = {}) {
  const child = spawnCli(args, env);
  return finished(child, timeoutMs);
}

/** Starts the built CLI; `finished(child)` resolves with its exit and output. */
export function spawnCli(args, env = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, CLARIFAI_PAT: '', CLARIFAI_API_KEY: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (child.output.stdout += d));
  child.stderr.on('data', (d) => (child.output.stderr += d));
  return child;
}

export function finished(child, timeoutMs = 600_000) {
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      captured.push(child.output.stdout, child.output.stderr);
      resolve({ code, signal, ...child.output });
    });
  });
}

/** `clarifai-inputs emulator` in its own process; resolves once it prints where it listens. */
export function startEmulatorProcess(args) {
  const child = spawnCli(['emulator', '--port', '0', ...args]);
  const exited = finished(child);
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /listening on (\S+:\d+)/.exec(child.output.stdout);
      if (!match) return;
      child.stdout.off('data', onData);
      resolve({ target: match[1], child, exited });
    };
    child.stdout.on('data', onData);
    exited.then((run) => reject(new Error(`emulator exited (${run.code ?? run.signal}): ${run.stderr}`)));
  });
}

/** Prints a table with a header row; `rows` are arrays of cells. */
export function printTable(header, rows) {
  const all = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, c) => Math.max(...all.map((row) => row[c].length)));
  const line = (row) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  console.log(line(all[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of all.slice(1)) console.log(line(row));
}
