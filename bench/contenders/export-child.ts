/**
 * Child process: the `clarifai-inputs export` command as a user runs it, in its own process
 * (`node src/cli/main.js export ...`, default Node flags), its JSONL read from a pipe. This
 * process checks every line (each input once, in order, its metadata decoded) and reports the
 * CLI process's own peak RSS, written by a preloaded hook at its exit (export/report-usage.ts).
 * The timed part is the whole command, Node's start-up included (~0.1 s).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { listedId } from '../fixtures/listed-inputs';
import { readTask, runContenderChild } from '../harness/child-protocol';
import type { ReadTask } from './read-task';
import { API_KEY, USER_APP } from './upload-task';

/** The compiled CLI entry and the usage hook, where `bench/run.mjs` compiles them. */
const CLI = path.join(__dirname, '..', '..', 'src', 'cli', 'main.js');
const USAGE_HOOK = path.join(__dirname, 'export', 'report-usage.js');

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

async function main() {
  const task = readTask<ReadTask>();
  const args = ['export', '--target', task.target, '--insecure', '--api-key', API_KEY, '--user-id', USER_APP.userId, '--app-id', USER_APP.appId];
  args.push('--per-page', String(task.perPage));
  const started = process.hrtime.bigint();
  const cli = spawn(process.execPath, ['--require', USAGE_HOOK, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  // Its progress lines are not wanted; the end of stderr goes into the error if it fails.
  let stderrTail = '';
  cli.stderr?.on('data', (chunk: Buffer) => (stderrTail = (stderrTail + String(chunk)).slice(-2000)));
  const exited = once(cli, 'exit') as Promise<[number | null, string | null]>;
  const usage = readAll(cli.stdio[3] as Readable);
  let count = 0;
  for await (const line of createInterface({ input: cli.stdout as Readable, crlfDelay: Infinity })) {
    const input = JSON.parse(line) as { id?: string; data?: { metadata?: { index?: number } } };
    if (input.id !== listedId(count) || input.data?.metadata?.index !== count) {
      cli.kill('SIGKILL');
      throw new Error(`line ${count + 1}: got id ${input.id} with metadata index ${input.data?.metadata?.index}, expected ${listedId(count)}`);
    }
    count++;
  }
  const [code, signal] = await exited;
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) throw new Error(`clarifai-inputs export exited with code ${code}, signal ${signal}: ${stderrTail}`);
  if (count !== task.total) throw new Error(`exported ${count} of ${task.total} inputs`);
  const { maxRssBytes } = JSON.parse(await usage) as { maxRssBytes: number };
  return { elapsedMs, inputs: count, bytes: 0, maxRssBytes };
}

if (require.main === module) runContenderChild(main);
