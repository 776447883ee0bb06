/**
 * Issue 14, `add`: every source read once, every file that cannot be sent a named failure,
 * every entry left out named with its reason, ids that survive moving the folder. The emulator
 * and each CLI run are separate processes, as a user has them.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_INPUT_BYTES } from '../../src/cli/sources/check-file';
import { samplePng } from '../../src/emulator/samples/sample-images';
import { runCliProcess, type CliRunOptions } from '../support/cli-process';
import { cliEmulatorFixture } from '../support/cli-emulator-fixture';

const KEY = 'cli-sources-key';
const fixture = cliEmulatorFixture({ apiKey: KEY, prefix: 'cli-sources-' });

beforeAll(() => {
  chmodSync(fixture.dir, 0o777); // the unprivileged runs write their reports here
});

function cli(app: string, args: string[], options: CliRunOptions = {}) {
  return runCliProcess([...args, ...fixture.flags(app)], options);
}

interface Summary {
  total: number;
  added: number;
  alreadyPresent: number;
  resumed: number;
  failed: number;
  skipped: number;
  failures: { id: string; origin: string; codeName: string; details: string }[];
}

async function summaryOf(run: Promise<{ code: number | null; stdout: string; stderr: string }>): Promise<Summary & { code: number | null; stderr: string }> {
  const done = await run;
  try {
    return { ...(JSON.parse(done.stdout) as Summary), code: done.code, stderr: done.stderr };
  } catch {
    throw new Error(`no JSON summary (exit ${done.code}): ${done.stdout}\n${done.stderr}`);
  }
}

/** Stored inputs of an app, through export (StreamInputs). */
async function stored(app: string): Promise<{ id: string; data: { text?: { raw: string }; metadata?: Record<string, unknown> } }[]> {
  const out = path.join(fixture.dir, `${app}-export.jsonl`);
  const run = await cli(app, ['export', '--out', out]);
  expect(run.code).toBe(0);
  return readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

const rows = Array.from({ length: 5 }, (_, i) => JSON.stringify({ text: `piped row ${i}`, concepts: ['piped'] })).join('\n');

describe('an id listed twice in one run', () => {
  it('adds the entry once: the same text again is already present, a given id again with other content fails, named', async () => {
    const jsonl = path.join(fixture.dir, 'repeats.jsonl');
    const lines = [{ text: 'same text' }, { text: 'same text' }, { id: 'given', text: 'first' }, { id: 'given', text: 'second' }, { text: 'other' }];
    writeFileSync(jsonl, lines.map((l) => JSON.stringify(l)).join('\n'));
    const summary = await summaryOf(cli('repeats', ['add', '--from-jsonl', jsonl, '--json']));
    expect(summary).toMatchObject({ code: 1, total: 5, added: 3, alreadyPresent: 1, failed: 1 });
    expect(summary.failures).toEqual([expect.objectContaining({ id: 'given', codeName: 'NOT_SENT', origin: `${jsonl}:4` })]);
    expect(summary.failures[0]?.details).toContain(`the same id as ${jsonl}:3`);
    expect((await stored('repeats')).map((i) => i.data.text?.raw).sort()).toEqual(['first', 'other', 'same text']);
  });
});

describe('stdin is read once', () => {
  it.each([['-'], ['/dev/stdin']])('a pipe into --from-jsonl %s adds every row', async (name) => {
    const app = `stdin${name.replace(/\W/g, '')}`;
    const summary = await summaryOf(cli(app, ['add', '--from-jsonl', name, '--json'], { stdin: rows }));
    expect(summary).toMatchObject({ code: 0, total: 5, added: 5, failed: 0 });
    expect((await stored(app)).map((i) => i.data.text?.raw).sort()).toEqual(Array.from({ length: 5 }, (_, i) => `piped row ${i}`));
  });

  it('a pipe into --from-csv - adds every row; a quoted field with commas is one value', async () => {
    const csv = 'text,concepts\n"hello, world","a;b"\nsecond,c\n';
    const summary = await summaryOf(cli('stdincsv', ['add', '--from-csv', '-', '--json'], { stdin: csv }));
    expect(summary).toMatchObject({ code: 0, total: 2, added: 2 });
    expect((await stored('stdincsv')).map((i) => i.data.text?.raw).sort()).toEqual(['hello, world', 'second']);
  });

  it('refuses stdin named twice, since it can be read only once', async () => {
    const run = await cli('stdintwice', ['add', '--from-jsonl', '-', '--from-csv', '/dev/stdin'], { stdin: rows });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--from-jsonl -: standard input is already read for --from-csv /dev/stdin; it can be read only once');
  });
});

describe('files that cannot be sent', () => {
  function folderWithBadFiles(name: string): string {
    const folder = path.join(fixture.dir, name);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 4; i++) writeFileSync(path.join(folder, `ok${i}.png`), samplePng(4, 4, i));
    writeFileSync(path.join(folder, 'b-locked.png'), samplePng(4, 4, 9));
    chmodSync(path.join(folder, 'b-locked.png'), 0o000);
    writeFileSync(path.join(folder, 'c-empty.png'), '');
    writeFileSync(path.join(folder, 'd-huge.png'), Buffer.alloc(30 * 1024 * 1024, 1));
    chmodSync(folder, 0o755);
    return folder;
  }

  it('an unreadable, an empty and a 30 MB file are failed inputs with path and reason; the rest land; exit 1', async () => {
    expect(30 * 1024 * 1024).toBeGreaterThan(MAX_INPUT_BYTES);
    const folder = folderWithBadFiles('badfiles');
    const report = path.join(fixture.dir, 'badfiles-failures.jsonl');
    const summary = await summaryOf(cli('badfiles', ['add', folder, '--failures', report, '--json'], { unprivileged: true }));
    expect(summary).toMatchObject({ code: 1, total: 7, added: 4, failed: 3 });
    const reported = readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { origin: string; codeName: string; details: string });
    expect(reported.map((r) => [path.basename(r.origin), r.codeName, r.details.replace(`${folder}/`, '')])).toEqual([
      ['b-locked.png', 'NOT_SENT', 'b-locked.png: cannot read (EACCES)'],
      ['c-empty.png', 'NOT_SENT', 'c-empty.png: empty file'],
      ['d-huge.png', 'NOT_SENT', `d-huge.png: ${30 * 1024 * 1024} bytes, over the 20 MiB limit per input`],
    ]);
    expect(await stored('badfiles')).toHaveLength(4);

    // A rerun does not stop at the same file either: it finds the four present, the three failed again.
    const again = await summaryOf(cli('badfiles', ['add', folder, '--json'], { unprivileged: true }));
    expect(again).toMatchObject({ code: 1, added: 0, alreadyPresent: 4, failed: 3 });
  }, 60_000);

  it('a folder that cannot be read is left out and named; the rest land', async () => {
    const folder = path.join(fixture.dir, 'lockedfolder');
    mkdirSync(path.join(folder, 'locked'), { recursive: true });
    for (let i = 0; i < 3; i++) writeFileSync(path.join(folder, `ok${i}.png`), samplePng(4, 4, 20 + i));
    writeFileSync(path.join(folder, 'locked', 'hidden-from-nobody.png'), samplePng(4, 4, 30));
    chmodSync(path.join(folder, 'locked'), 0o000);
    chmodSync(folder, 0o755);
    const run = await cli('lockedfolder', ['add', folder, '--json'], { unprivileged: true });
    chmodSync(path.join(folder, 'locked'), 0o755); // so the folder can be removed after
    expect(run.stderr).toContain(`skipped ${path.join(folder, 'locked')}: folder cannot be read (EACCES)`);
    expect(JSON.parse(run.stdout)).toMatchObject({ added: 3, failed: 0, skipped: 1 });
    expect(run.code).toBe(0);
    expect(await stored('lockedfolder')).toHaveLength(3);
  }, 60_000);

  it('--strict stops at the first such file before sending anything', async () => {
    const folder = folderWithBadFiles('strictfiles');
    const run = await cli('strictfiles', ['add', folder, '--strict'], { unprivileged: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`b-locked.png: cannot read (EACCES) (--strict: nothing was sent)`);
    expect(await stored('strictfiles')).toEqual([]);
  }, 60_000);
});

describe('folders: links followed, every skip named, --type', () => {
  it('follows links to files and folders, names dotfiles, dangling links, loops and other types, and counts them', async () => {
    const root = path.join(fixture.dir, 'linked');
    const outside = path.join(fixture.dir, 'outside');
    mkdirSync(path.join(root, 'sub'), { recursive: true });
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(root, 'a.png'), samplePng(4, 4, 1));
    writeFileSync(path.join(outside, 'far.png'), samplePng(4, 4, 2));
    writeFileSync(path.join(outside, 'lone.png'), samplePng(4, 4, 3));
    symlinkSync(path.join(outside, 'lone.png'), path.join(root, 'link-to-file.png'));
    symlinkSync(outside, path.join(root, 'link-to-folder'));
    symlinkSync(path.join(fixture.dir, 'nowhere.png'), path.join(root, 'dangling.png'));
    symlinkSync(root, path.join(root, 'sub', 'loop'));
    writeFileSync(path.join(root, '.hidden.png'), samplePng(4, 4, 4));
    writeFileSync(path.join(root, 'README.txt'), 'a text file in a photo folder');
    writeFileSync(path.join(root, 'notes.xyz'), 'unknown');

    const summary = await summaryOf(cli('linked', ['add', root, '--type', 'image', '--json']));
    expect(summary).toMatchObject({ code: 0, total: 4, added: 4, skipped: 5 });
    const skips = summary.stderr.split('\n').filter((l) => l.startsWith('skipped '));
    expect(skips.map((l) => l.replace(`${root}/`, '')).sort()).toEqual([
      'skipped .hidden.png: hidden file',
      'skipped README.txt: not selected by --type image',
      'skipped dangling.png: dangling symlink (ENOENT)',
      'skipped notes.xyz: unsupported file type',
      `skipped sub/loop: symlink loop (leads back to ${root})`,
    ]);
    const keys = (await stored('linked')).map((i) => (i.data.metadata?.['clarifai_inputs'] as { key: string }).key).sort();
    expect(keys).toEqual(['a.png', 'link-to-file.png', 'link-to-folder/far.png', 'link-to-folder/lone.png']);
  });

  it('--type with extensions, and a bad --type names the flag', async () => {
    const root = path.join(fixture.dir, 'typed');
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'a.png'), samplePng(4, 4, 1));
    writeFileSync(path.join(root, 'b.jpg'), samplePng(4, 4, 2));
    writeFileSync(path.join(root, 'c.txt'), 'text');
    const summary = await summaryOf(cli('typed', ['add', root, '--type', '.png,txt', '--json']));
    expect(summary).toMatchObject({ code: 0, total: 2, added: 2, skipped: 1 });
    const bad = await cli('typed', ['add', root, '--type', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--type: 'pdf' is neither image, video, audio, text nor a known extension");
  });
});

describe('ids from the path relative to the folder, content hashed', () => {
  it('moving the folder adds nothing; changed content is noticed and the message says what was compared', async () => {
    const first = path.join(fixture.dir, 'movable');
    mkdirSync(path.join(first, 'cats'), { recursive: true });
    writeFileSync(path.join(first, 'cats', '1.png'), samplePng(4, 4, 1));
    writeFileSync(path.join(first, '2.png'), samplePng(4, 4, 2));
    expect(await summaryOf(cli('movable', ['add', first, '--labels-from-folders', '--json']))).toMatchObject({ code: 0, added: 2 });
    const moved = path.join(fixture.dir, 'moved-elsewhere', 'movable');
    mkdirSync(path.dirname(moved), { recursive: true });
    renameSync(first, moved);
    expect(await summaryOf(cli('movable', ['add', moved, '--json']))).toMatchObject({ code: 0, added: 0, alreadyPresent: 2 });
    expect(await stored('movable')).toHaveLength(2);

    writeFileSync(path.join(moved, '2.png'), samplePng(4, 4, 7));
    const changed = await summaryOf(cli('movable', ['add', moved, '--json']));
    expect(changed).toMatchObject({ code: 1, added: 0, alreadyPresent: 1, failed: 1 });
    expect(changed.failures[0]?.details).toMatch(/different input under this id: compared the SHA-256 of the content \(metadata clarifai_inputs\.sha256\): stored \w+… \(movable:2\.png\), this \w+… \(2\.png\)/);
  });
});
