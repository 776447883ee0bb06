/**
 * Issue 14, `clarifai-inputs sync` end to end: the emulator and each CLI run are separate
 * processes. The app is read back with the library's StreamInputs after each step.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputsClient } from '../../src';
import { sha256Hex } from '../../src/cli/sources/check-file';
import { samplePng } from '../../src/emulator/samples/sample-images';
import type { Input } from '../../src/generated/clarifai/api/resources.pb';
import { CLI, collect, runCliProcess } from '../support/cli-process';
import { cliEmulatorFixture } from '../support/cli-emulator-fixture';

const KEY = 'cli-sync-key';
const fixture = cliEmulatorFixture({ apiKey: KEY, prefix: 'cli-sync-' });

function cli(app: string, args: string[]) {
  return runCliProcess([...args, ...fixture.flags(app)]);
}

async function syncJson(app: string, args: string[]): Promise<Record<string, unknown>> {
  const run = await cli(app, ['sync', ...args, '--json']);
  try {
    return { code: run.code, ...(JSON.parse(run.stdout) as Record<string, unknown>) };
  } catch {
    throw new Error(`sync printed no JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  }
}

/** Every input of the app, by id. */
async function appInputs(app: string): Promise<Map<string, Input>> {
  const client = new InputsClient({ target: fixture.emulator.target, insecure: true, apiKey: KEY, appId: app });
  try {
    const all = new Map<string, Input>();
    for await (const input of client.streamInputs({ perPage: 1000 })) all.set(input.id, input);
    return all;
  } finally {
    client.close();
  }
}

interface MarkerView {
  source: string;
  key: string;
  sha256: string;
}
const markerOf = (input: Input) => (input.data?.metadata as { clarifai_inputs?: MarkerView } | undefined)?.clarifai_inputs;

/** key -> [sha256, concept ids] of the inputs a source manages. */
function managed(inputs: Map<string, Input>, source: string): Record<string, [string, string[]]> {
  const out: Record<string, [string, string[]]> = {};
  for (const input of inputs.values()) {
    const marker = markerOf(input);
    if (marker?.source === source) out[marker.key] = [marker.sha256, (input.data?.concepts ?? []).map((c) => c.id).sort()];
  }
  return out;
}

function png(seed: number): Buffer {
  return samplePng(6, 6, seed);
}

it('syncs a folder, then its changes after a move: app equals source, bytes re-sent only for changed content', async () => {
  const app = 'folder';
  const parent = path.join(fixture.dir, 'first-place');
  const root = path.join(parent, 'photos');
  mkdirSync(path.join(root, 'cats'), { recursive: true });
  mkdirSync(path.join(root, 'dogs'), { recursive: true });
  writeFileSync(path.join(root, 'cats', '1.png'), png(1));
  writeFileSync(path.join(root, 'cats', '2.png'), png(2));
  writeFileSync(path.join(root, 'dogs', '3.png'), png(3));
  writeFileSync(path.join(root, 'top.png'), png(4));

  expect(await syncJson(app, [root, '--labels-from-folders'])).toMatchObject({ code: 0, added: 4, patched: 0, replaced: 0, deleted: 0, unchanged: 0, failed: 0 });
  const before = await appInputs(app);
  expect(managed(before, 'photos')).toEqual({
    'cats/1.png': [sha256Hex(png(1)), ['cats']],
    'cats/2.png': [sha256Hex(png(2)), ['cats']],
    'dogs/3.png': [sha256Hex(png(3)), ['dogs']],
    'top.png': [sha256Hex(png(4)), []],
  });
  // An input this tool does not manage, in the same app: never touched.
  const foreign = path.join(fixture.dir, 'foreign.jsonl');
  writeFileSync(foreign, '{"id":"foreign","text":"not from the folder"}\n');
  expect((await cli(app, ['add', '--from-jsonl', foreign])).code).toBe(0);

  // Changed, added, removed, and the whole folder moved elsewhere.
  writeFileSync(path.join(root, 'cats', '1.png'), png(11));
  writeFileSync(path.join(root, 'dogs', '4.png'), png(5));
  rmSync(path.join(root, 'cats', '2.png'));
  const moved = path.join(fixture.dir, 'second-place', 'photos');
  mkdirSync(path.dirname(moved), { recursive: true });
  renameSync(root, moved);

  const dry = await cli(app, ['sync', moved, '--labels-from-folders', '--delete-missing', '--dry-run']);
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain('dry run, nothing changed. Plan: 1 add, 1 replace, 0 patch (overwrite), 1 delete, 2 unchanged, 0 not managed');
  expect(dry.stdout).toMatch(/delete: cats\/2\.png \(id \w+\)/);
  expect(dry.stdout).toContain(`add: ${path.join(moved, 'dogs', '4.png')}`);
  const afterDry = await appInputs(app);
  expect([...afterDry.keys()].sort()).toEqual([...before.keys(), 'foreign'].sort());

  const second = await syncJson(app, [moved, '--labels-from-folders', '--delete-missing']);
  expect(second).toMatchObject({ code: 0, added: 1, replaced: 1, deleted: 1, unchanged: 2, patched: 0, failed: 0 });
  const after = await appInputs(app);
  expect(managed(after, 'photos')).toEqual({
    'cats/1.png': [sha256Hex(png(11)), ['cats']],
    'dogs/3.png': [sha256Hex(png(3)), ['dogs']],
    'dogs/4.png': [sha256Hex(png(5)), ['dogs']],
    'top.png': [sha256Hex(png(4)), []],
  });
  expect(after.has('foreign')).toBe(true);
  // Unchanged content was not sent again: the same stored input, created at the same time.
  const unchangedId = [...before.values()].find((i) => markerOf(i)?.key === 'dogs/3.png')?.id ?? '';
  expect(after.get(unchangedId)?.createdAt).toEqual(before.get(unchangedId)?.createdAt);
  // The replaced one kept its id.
  const replacedId = [...before.values()].find((i) => markerOf(i)?.key === 'cats/1.png')?.id ?? '';
  expect(markerOf(after.get(replacedId) as Input)?.sha256).toBe(sha256Hex(png(11)));

  expect(await syncJson(app, [moved, '--labels-from-folders', '--delete-missing'])).toMatchObject({ code: 0, added: 0, replaced: 0, deleted: 0, patched: 0, unchanged: 4 });
}, 120_000);

it('patches changed labels and metadata from a CSV, overwrite by default, merge when asked', async () => {
  const app = 'csv';
  const csv = path.join(fixture.dir, 'labels.csv');
  writeFileSync(csv, 'id,text,concepts,metadata\nn1,first,a;b,"{""v"":1}"\nn2,second,c,\n');
  expect(await syncJson(app, ['--from-csv', csv])).toMatchObject({ code: 0, added: 2 });
  writeFileSync(csv, 'id,text,concepts,metadata\nn1,first,a,"{""v"":2}"\nn2,second,c,\n');
  expect(await syncJson(app, ['--from-csv', csv])).toMatchObject({ code: 0, patched: 1, unchanged: 1, patchAction: 'overwrite' });
  let n1 = (await appInputs(app)).get('n1');
  expect(n1?.data?.concepts.map((c) => c.id)).toEqual(['a']);
  expect(n1?.data?.metadata).toMatchObject({ v: 2 });

  writeFileSync(csv, 'id,text,concepts,metadata\nn1,first,d,"{""v"":2}"\nn2,second,c,\n');
  expect(await syncJson(app, ['--from-csv', csv, '--patch-action', 'merge'])).toMatchObject({ code: 0, patched: 1, patchAction: 'merge' });
  n1 = (await appInputs(app)).get('n1');
  expect(n1?.data?.concepts.map((c) => c.id).sort()).toEqual(['a', 'd']);
  expect(await syncJson(app, ['--from-csv', csv, '--patch-action', 'merge'])).toMatchObject({ code: 0, patched: 0, unchanged: 2 });
});

it('killed with SIGKILL mid-sync and run again, converges: every entry once, nothing lost', async () => {
  const app = 'killed';
  const root = path.join(fixture.dir, 'many');
  mkdirSync(root, { recursive: true });
  const N = 300;
  for (let i = 0; i < N; i++) writeFileSync(path.join(root, `img${String(i).padStart(3, '0')}.png`), png(100 + i));
  const child = spawn(process.execPath, [CLI, 'sync', root, '--batch-size', '5', '--concurrency', '1', ...fixture.flags(app)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const run = collect(child, 60_000);
  const client = new InputsClient({ target: fixture.emulator.target, insecure: true, apiKey: KEY, appId: app });
  try {
    // Kill once some batches have landed, not all.
    let count = 0;
    while (child.exitCode === null && count < 30) count = (await client.listInputsPage({ perPage: 1000 })).length;
    child.kill('SIGKILL');
  } finally {
    client.close();
  }
  expect((await run).signal).toBe('SIGKILL');
  const landed = (await appInputs(app)).size;
  expect(landed).toBeGreaterThanOrEqual(30);
  expect(landed).toBeLessThan(N);

  const rerun = await syncJson(app, [root]);
  expect(rerun).toMatchObject({ code: 0, added: N - landed, unchanged: landed, failed: 0 });
  const inputs = await appInputs(app);
  expect(inputs.size).toBe(N);
  expect(new Set([...inputs.values()].map((i) => markerOf(i)?.key)).size).toBe(N);
  expect(await syncJson(app, [root])).toMatchObject({ code: 0, added: 0, unchanged: N });
}, 120_000);

it('needs exactly one source and names the bad flag', async () => {
  const none = await cli('flags', ['sync']);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('sync: name exactly one source');
  const bad = await cli('flags', ['sync', fixture.dir, '--patch-action', 'remove']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("--patch-action: must be merge or overwrite, got 'remove'");
});

it('a dry run that would fail says which entries cannot be sent, and exits 1', async () => {
  const root = path.join(fixture.dir, 'dry-fail');
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, 'good.png'), png(21));
  writeFileSync(path.join(root, 'empty.png'), '');
  const dry = await cli('dry-fail', ['sync', root, '--dry-run']);
  expect(dry.code).toBe(1);
  expect(dry.stdout).toContain('1 add');
  expect(dry.stdout).toContain('1 failed');
  expect(dry.stdout).toContain(`failed ${path.join(root, 'empty.png')}`);
  expect((await appInputs('dry-fail')).size).toBe(0);
}, 60_000);
