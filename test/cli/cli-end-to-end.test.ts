/**
 * The CLI end to end: the emulator and every CLI run are separate processes, as a user has them.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { samplePng } from '../../src/emulator/samples/sample-images';
import { CLI, collect, runCliProcess } from '../support/cli-process';
import { cliEmulatorFixture } from '../support/cli-emulator-fixture';

const KEY = 'cli-e2e-key';
const fixture = cliEmulatorFixture({ apiKey: KEY, prefix: 'cli-e2e-' });

/** Runs the CLI against the emulator, in its own app so tests do not see each other's inputs. */
function cli(app: string, ...args: string[]) {
  return runCliProcess([...args, ...fixture.flags(app)]);
}

/** Every id in the app, through `export --json`, which uses StreamInputs. */
async function exportedIds(app: string): Promise<string[]> {
  const out = path.join(fixture.dir, `${app}-ids.jsonl`);
  const run = await cli(app, 'export', '--out', out);
  expect(run.code).toBe(0);
  return readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id);
}

function makeImageFolder(name: string, count: number): string {
  const folder = path.join(fixture.dir, name);
  for (let i = 0; i < count; i++) {
    const sub = path.join(folder, `part${i % 5}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `img${i}.png`), samplePng(8, 8, i));
  }
  writeFileSync(path.join(folder, 'notes.xyz'), 'not an input');
  return folder;
}

it('adds a generated folder of 500 files, each exactly once', async () => {
  const folder = makeImageFolder('bulk', 500);
  const run = await cli('bulk', 'add', folder, '--concept', 'generated', '--json');
  expect(run.stderr).toContain('notes.xyz: unsupported file type');
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ total: 500, added: 500, failed: 0 });
  const ids = await exportedIds('bulk');
  expect(ids).toHaveLength(500);
  expect(new Set(ids).size).toBe(500);

  const again = await cli('bulk', 'add', folder, '--json');
  expect(JSON.parse(again.stdout)).toMatchObject({ total: 500, added: 0, alreadyPresent: 500, failed: 0 });
  expect(await exportedIds('bulk')).toHaveLength(500);
}, 120_000);

it('resumes after being killed mid-upload, with no input doubled or lost', async () => {
  const folder = makeImageFolder('resume', 300);
  const resume = path.join(fixture.dir, 'resume.log');
  const args = ['add', folder, '--resume', resume, '--batch-size', '5', '--concurrency', '1'];
  const child = spawn(process.execPath, [CLI, ...args, ...fixture.flags('resume')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = collect(child, 60_000);
  // Kill it once some batches have landed, but not all.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const landed = existsSync(resume) ? readFileSync(resume, 'utf8').split('\n').length - 1 : 0;
    if (landed >= 20) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  const killed = await done;
  expect(killed.signal).toBe('SIGKILL');
  const landedBefore = readFileSync(resume, 'utf8').trim().split('\n').length;
  expect(landedBefore).toBeGreaterThanOrEqual(20);
  expect(landedBefore).toBeLessThan(300);

  const rerun = await cli('resume', ...args, '--json');
  expect(rerun.code).toBe(0);
  const summary = JSON.parse(rerun.stdout);
  expect(summary.resumed).toBe(landedBefore);
  expect(summary.added + summary.alreadyPresent + summary.resumed).toBe(300);
  const ids = await exportedIds('resume');
  expect(ids).toHaveLength(300);
  expect(new Set(ids).size).toBe(300);
}, 120_000);

describe('CSV and JSONL errors name the file and line, and send nothing', () => {
  it.each([
    ['bad.csv', '--from-csv', 'url,concepts\nhttp://127.0.0.1:1/a.jpg,a\nhttp://127.0.0.1:1/b.jpg,b,extra\n', 'bad.csv:3: expected 2 columns, found 3'],
    ['bad.jsonl', '--from-jsonl', '{"url":"http://127.0.0.1:1/a.jpg"}\n{"url": \n', 'bad.jsonl:2: not valid JSON'],
  ])('%s', async (name, flag, text, message) => {
    const file = path.join(fixture.dir, name);
    writeFileSync(file, text);
    const app = `bad-${name.replace(/\W/g, '')}`;
    const run = await cli(app, 'add', flag, file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
    expect(await exportedIds(app)).toEqual([]);
  });
});

it('exports 5,000 inputs exactly as list shows them', async () => {
  const file = path.join(fixture.dir, 'texts.jsonl');
  writeFileSync(file, Array.from({ length: 5000 }, (_, i) => JSON.stringify({ id: `t${i}`, text: `note ${i}`, concepts: ['note'] })).join('\n'));
  const add = await cli('export', 'add', '--from-jsonl', file, '--wait', '--json');
  expect(add.code).toBe(0);
  expect(JSON.parse(add.stdout)).toMatchObject({ added: 5000, failed: 0 });

  const out = path.join(fixture.dir, 'export.jsonl');
  const exported = await cli('export', 'export', '--out', out);
  expect(exported.code).toBe(0);
  const exportLines = readFileSync(out, 'utf8').trim().split('\n');
  const listed: string[] = [];
  for (let page = 1; page <= 6; page++) {
    const run = await cli('export', 'list', '--page', String(page), '--per-page', '1000', '--json');
    expect(run.code).toBe(0);
    listed.push(...run.stdout.trim().split('\n').filter(Boolean));
  }
  expect(exportLines).toHaveLength(5000);
  expect([...exportLines].sort()).toEqual([...listed].sort());
}, 180_000);

describe('ids and failures a user can trust', () => {
  it('derives ids from content: reordering the rows or running from elsewhere adds nothing twice and loses nothing', async () => {
    const sub = path.join(fixture.dir, 'notes');
    mkdirSync(sub, { recursive: true });
    const csv = path.join(sub, 'notes.csv');
    writeFileSync(csv, 'text\nfirst note\nsecond note\n');
    expect(JSON.parse((await cli('notes', 'add', '--from-csv', csv, '--json')).stdout)).toMatchObject({ added: 2 });
    writeFileSync(csv, 'text\nnew note on top\nfirst note\nsecond note\n');
    const again = await runCliProcess(
      ['add', '--from-csv', path.relative(path.dirname(fixture.dir), csv), '--json', ...fixture.flags('notes')],
      { cwd: path.dirname(fixture.dir) },
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ total: 3, added: 1, alreadyPresent: 2, failed: 0 });
    expect((await exportedIds('notes')).length).toBe(3);
  });

  it('fails a row whose given id already belongs to a different input, and says so', async () => {
    const first = path.join(fixture.dir, 'taken1.jsonl');
    writeFileSync(first, '{"id":"taken","url":"http://127.0.0.1:9/one.jpg"}\n');
    expect((await cli('taken', 'add', '--from-jsonl', first)).code).toBe(0);
    const rerun = await cli('taken', 'add', '--from-jsonl', first, '--json');
    expect(JSON.parse(rerun.stdout)).toMatchObject({ added: 0, alreadyPresent: 1, failed: 0 });
    const second = path.join(fixture.dir, 'taken2.jsonl');
    writeFileSync(second, '{"id":"taken","url":"http://127.0.0.1:9/two.jpg"}\n');
    const clash = await cli('taken', 'add', '--from-jsonl', second);
    expect(clash.code).toBe(1);
    expect(clash.stdout).toContain('failed taken');
    expect(clash.stdout).toContain('The app holds a different input under this id: compared the SHA-256 of the content (metadata clarifai_inputs.sha256)');
    expect(clash.stdout).toMatch(/stored \w+… \(taken1\.jsonl:http:\/\/127\.0\.0\.1:9\/one\.jpg\), this \w+… \(http:\/\/127\.0\.0\.1:9\/two\.jpg\)/);
  });

  it('names the file of an input that failed processing, with --wait, in the summary and the report', async () => {
    const folder = path.join(fixture.dir, 'notimage');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'fake.png'), 'this is not a png');
    writeFileSync(path.join(folder, 'real.png'), samplePng(4, 4, 1));
    const report = path.join(fixture.dir, 'processing.jsonl');
    const run = await cli('notimage', 'add', folder, '--wait', '--failures', report);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('2 added, 0 failed of 2 inputs; 1 of those that landed failed processing');
    const row = JSON.parse(readFileSync(report, 'utf8').trim());
    expect(row).toMatchObject({ origin: path.join(folder, 'fake.png'), codeName: 'INPUT_FAILED' });
  });

  it('Ctrl-C stops an upload with exit 130, a summary and how to continue', async () => {
    const folder = makeImageFolder('interrupt', 300);
    const resume = path.join(fixture.dir, 'interrupt.log');
    const child = spawn(
      process.execPath,
      [CLI, 'add', folder, '--resume', resume, '--batch-size', '1', '--concurrency', '1', ...fixture.flags('interrupt')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const done = collect(child, 30_000);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !(existsSync(resume) && readFileSync(resume, 'utf8').split('\n').length > 5)) {
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(/^\d+ added, \d+ failed of 300 inputs/m);
    expect(run.stderr).toContain(`interrupted: what landed is recorded in ${resume}`);
    const rerun = await cli('interrupt', 'add', folder, '--resume', resume, '--json');
    expect(JSON.parse(rerun.stdout)).toMatchObject({ failed: 0 });
    expect(await exportedIds('interrupt')).toHaveLength(300);
  });

  it('export into a pipe that closes early ends quietly with exit 0', async () => {
    const child = spawn('sh', ['-c', `"${process.execPath}" "${CLI}" export --per-page 1 --target ${fixture.emulator.target} --insecure --api-key ${KEY} --app-id bulk | head -1`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run = await collect(child, 30_000);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain('EPIPE');
  });
});

describe('exit codes', () => {
  it('0 when everything landed, 1 when some input failed, with a failures report', async () => {
    const ok = await cli('codes', 'add', 'http://127.0.0.1:9/x.jpg');
    expect(ok.code).toBe(0);
    const report = path.join(fixture.dir, 'failures.csv');
    const dup = await cli('codes', 'add', 'http://127.0.0.1:9/x.jpg', 'http://127.0.0.1:9/y.jpg', '--failures', report);
    expect(dup.code).toBe(0); // the same URL again has the same derived id: already present, not doubled
    const jsonl = path.join(fixture.dir, 'dup-url.jsonl');
    writeFileSync(jsonl, '{"id":"other","url":"http://127.0.0.1:9/x.jpg"}\n');
    const dupUrl = await cli('codes', 'add', '--from-jsonl', jsonl, '--failures', report);
    expect(dupUrl.code).toBe(1);
    expect(dupUrl.stdout).toContain('failed other');
    const rows = readFileSync(report, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('id,origin,code,codeName,description,details');
    expect(rows[1]).toMatch(/^other,.*dup-url\.jsonl:1,30100,INPUT_DUPLICATE,/);
  });

  it('2 for a bad flag, naming it', async () => {
    const run = await cli('codes', 'add', 'x.png', '--batch-size', '500');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--batch-size: must be between 1 and 128, got 500');
  });

  it('2 for an unknown command', async () => {
    const run = await runCliProcess(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
  });

  it('1 for a wrong key, with the API code name and no key in the output', async () => {
    const run = await runCliProcess(['count', '--target', fixture.emulator.target, '--insecure', '--api-key', 'wrong-secret-key']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('CONN_KEY_INVALID');
    expect(run.stderr + run.stdout).not.toContain('wrong-secret-key');
  });

  it('1 with a clear message when no key is given at all', async () => {
    const run = await runCliProcess(['count', '--target', fixture.emulator.target, '--insecure']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/api ?key|CLARIFAI_PAT/i);
  });
});
