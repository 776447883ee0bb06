/**
 * Issue 14: `wait` and `add --wait` cover everything the resume file lists and name each
 * failure with its origin; Ctrl-C's summary counts the batches that were in flight. The
 * emulator (with 150 ms latency per call, so batches are in flight when Ctrl-C comes) and each
 * CLI run are separate processes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputsClient } from '../../src';
import { samplePng } from '../../src/emulator/samples/sample-images';
import { CLI, collect, runCliProcess } from '../support/cli-process';
import { cliEmulatorFixture } from '../support/cli-emulator-fixture';

const KEY = 'cli-wait-key';
const fixture = cliEmulatorFixture({ apiKey: KEY, prefix: 'cli-wait-', emulatorArgs: ['--latency-ms', '150'] });

async function storedCount(app: string): Promise<number> {
  const client = new InputsClient({ target: fixture.emulator.target, insecure: true, apiKey: KEY, appId: app });
  try {
    let n = 0;
    for await (const _ of client.streamInputs({ perPage: 1000 })) n += 1;
    return n;
  } finally {
    client.close();
  }
}

function folder(name: string, count: number, fake = false): string {
  const root = path.join(fixture.dir, name);
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(path.join(root, `img${String(i).padStart(3, '0')}.png`), samplePng(4, 4, i));
  if (fake) writeFileSync(path.join(root, 'fake.png'), 'this is not a png');
  return root;
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);

it('Ctrl-C: the summary and the resume file count exactly what the app holds, batches in flight included', async () => {
  const root = folder('interrupted', 120);
  const resume = path.join(fixture.dir, 'interrupted.log');
  const child = spawn(process.execPath, [CLI, 'add', root, '--resume', resume, '--batch-size', '3', '--concurrency', '4', ...fixture.flags('interrupted')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = collect(child, 60_000);
  while (child.exitCode === null && lines(resume) < 12) await new Promise((r) => setTimeout(r, 10));
  child.kill('SIGINT');
  const run = await done;
  expect(run.code).toBe(130);
  const added = Number(/^(\d+) added/m.exec(run.stdout)?.[1]);
  expect(added).toBeLessThan(120);
  // Inputs of cancelled batches that were not stored are for the rerun, not failures.
  expect(run.stdout).toMatch(/ 0 failed of 120 inputs/);
  expect(await storedCount('interrupted')).toBe(added);
  expect(lines(resume)).toBe(added);
}, 60_000);

it('add --wait after an earlier run, and wait --resume, report the earlier run\'s processing failure with its origin', async () => {
  const root = folder('earlier', 5, true);
  const resume = path.join(fixture.dir, 'earlier.log');
  const first = await runCliProcess(['add', root, '--resume', resume, ...fixture.flags('earlier')]);
  expect(first.code).toBe(0);
  expect(lines(resume)).toBe(6);

  const rerun = await runCliProcess(['add', root, '--resume', resume, '--wait', '--json', ...fixture.flags('earlier')]);
  expect(rerun.code).toBe(1);
  const summary = JSON.parse(rerun.stdout) as { resumed: number; processingFailed: number; failures: { origin: string; codeName: string }[] };
  expect(summary).toMatchObject({ resumed: 6, processingFailed: 1 });
  expect(summary.failures).toEqual([expect.objectContaining({ origin: path.join(root, 'fake.png'), codeName: 'INPUT_FAILED' })]);

  const waited = await runCliProcess(['wait', '--resume', resume, ...fixture.flags('earlier')]);
  expect(waited.code).toBe(1);
  expect(waited.stdout).toContain('6 inputs processed: 1 INPUT_FAILED, 5 INPUT_SUCCESS');
  expect(waited.stdout).toMatch(new RegExp(`failed \\w+ \\(${path.join(root, 'fake.png').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\): INPUT_FAILED`));
  expect(waited.stderr).toMatch(/processed 6\/6/);
}, 60_000);

it('wait --resume names an input deleted since it was added and still reports the others', async () => {
  const root = folder('deleted-since', 3);
  const resume = path.join(fixture.dir, 'deleted-since.log');
  expect((await runCliProcess(['add', root, '--resume', resume, ...fixture.flags('deleted-since')])).code).toBe(0);
  const gone = readFileSync(resume, 'utf8').split('\n')[0]!.split('\t')[0]!;
  const deleted = await runCliProcess(['delete', gone, ...fixture.flags('deleted-since')]);
  expect(deleted.code).toBe(0);
  expect(deleted.stdout).toContain('deleted 1 input\n');

  const waited = await runCliProcess(['wait', '--resume', resume, ...fixture.flags('deleted-since')]);
  expect(waited.code).toBe(1);
  expect(waited.stdout).toContain('3 inputs processed: 1 CONN_DOES_NOT_EXIST, 2 INPUT_SUCCESS');
  expect(waited.stdout).toContain(`failed ${gone}`);
  expect(waited.stderr).not.toMatch(/waitForInputs/);
}, 60_000);
