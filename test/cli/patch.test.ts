/**
 * Issue 14, `patch`: many ids or --all-from, with the client's per-input results: each input the
 * service refuses is named with its reason, the rest are patched, exit 1. The emulator and each
 * CLI run are separate processes, as a user has them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCliProcess } from '../support/cli-process';
import { cliEmulatorFixture } from '../support/cli-emulator-fixture';

const KEY = 'cli-patch-key';
const fixture = cliEmulatorFixture({ apiKey: KEY, prefix: 'cli-patch-' });

const cli = (app: string, args: string[]) => runCliProcess([...args, ...fixture.flags(app)]);

/** Each stored input's concept ids, through export. */
async function conceptsOf(app: string): Promise<Record<string, string[]>> {
  const out = path.join(fixture.dir, `${app}-export.jsonl`);
  expect((await cli(app, ['export', '--out', out])).code).toBe(0);
  const inputs = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; data: { concepts?: { id: string }[] } });
  return Object.fromEntries(inputs.map((i) => [i.id, (i.data.concepts ?? []).map((c) => c.id).sort()]));
}

it('patches every id given and in --all-from, names the unknown one, and exits 1', async () => {
  const rows = path.join(fixture.dir, 'rows.jsonl');
  writeFileSync(rows, ['a', 'b', 'c', 'd'].map((id) => JSON.stringify({ id, text: `note ${id}` })).join('\n'));
  expect((await cli('many', ['add', '--from-jsonl', rows])).code).toBe(0);
  const list = path.join(fixture.dir, 'ids.txt');
  writeFileSync(list, 'c\n{"id":"missing"}\n');

  const run = await cli('many', ['patch', 'a', 'b', '--all-from', list, '--concept', 'reviewed']);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('patched 3 of 4 inputs (merge), 1 failed');
  expect(run.stdout).toMatch(/^ {2}failed missing: INPUT_DOES_NOT_EXIST /m);
  expect(await conceptsOf('many')).toEqual({ a: ['reviewed'], b: ['reviewed'], c: ['reviewed'], d: [] });

  const json = await cli('many', ['patch', 'd', '--concept', 'late', '--json']);
  expect(json.code).toBe(0);
  expect(JSON.parse(json.stdout)).toEqual({ patched: 1, failed: 0, failures: [] });
});

it('needs ids and a change, and says which', async () => {
  const noIds = await cli('flags', ['patch', '--concept', 'x']);
  expect(noIds.code).toBe(2);
  expect(noIds.stderr).toContain('patch: name input ids, or --all-from <file>');
  const noChange = await cli('flags', ['patch', 'a']);
  expect(noChange.code).toBe(2);
  expect(noChange.stderr).toContain('give --concept, --negative-concept or --metadata');
});
