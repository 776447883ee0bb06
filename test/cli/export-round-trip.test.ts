/**
 * Issue 14: `export` output goes back in through `add --from-jsonl` and `sync --from-jsonl`,
 * and `export --status` filters. The emulator and each CLI run are separate processes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { samplePng } from '../../src/emulator/samples/sample-images';
import { runCliProcess } from '../support/cli-process';
import { cliEmulatorFixture } from '../support/cli-emulator-fixture';

const KEY = 'cli-export-key';
const fixture = cliEmulatorFixture({ apiKey: KEY, prefix: 'cli-export-' });

function cli(app: string, ...args: string[]) {
  return runCliProcess([...args, ...fixture.flags(app)]);
}

interface Exported {
  id: string;
  data: { text?: { raw: string }; image?: { url?: string }; concepts?: { id: string; value: number }[]; metadata?: Record<string, unknown>; geo?: unknown };
  status: { codeName: string };
}

async function exported(app: string, ...extra: string[]): Promise<Exported[]> {
  const out = path.join(fixture.dir, `${app}-${extra.join('')}.jsonl`);
  const run = await cli(app, 'export', '--out', out, ...extra);
  expect(run.code).toBe(0);
  return readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Exported);
}

/** What a round trip must keep: id, content, concepts with values, metadata without the marker, geo. */
function essence(inputs: Exported[]): [string, string, string[], unknown, unknown][] {
  return inputs
    .map((i) => {
      const { clarifai_inputs: _marker, ...metadata } = i.data.metadata ?? {};
      return [i.id, i.data.text?.raw ?? i.data.image?.url ?? 'hosted', (i.data.concepts ?? []).map((c) => `${c.id}=${c.value}`).sort(), metadata, i.data.geo] as [string, string, string[], unknown, unknown];
    })
    .sort((a, b) => a[0].localeCompare(b[0]));
}

it('export output is accepted by add --from-jsonl and sync --from-jsonl, keeping ids and annotations', async () => {
  const rows = path.join(fixture.dir, 'rows.jsonl');
  writeFileSync(
    rows,
    [
      { id: 'r1', text: 'first', concepts: ['a'], negative_concepts: ['b'], metadata: { n: 1 }, latitude: 1.5, longitude: 2.5 },
      { id: 'r2', url: 'http://127.0.0.1:9/x.jpg', concepts: [{ id: 'c', value: 1 }] },
      { id: 'r3', text: 'third' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  const folder = path.join(fixture.dir, 'pics');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'p.png'), samplePng(4, 4, 1));
  expect((await cli('origin', 'add', '--from-jsonl', rows, folder, '--wait')).code).toBe(1); // x.jpg cannot be downloaded
  const original = await exported('origin');
  expect(original).toHaveLength(4);
  const dump = path.join(fixture.dir, 'origin-.jsonl');

  // Back into the app it came from: the same inputs (an upload by its hosted URL keeps its hash).
  const again = await cli('origin', 'add', '--from-jsonl', dump, '--json');
  expect(JSON.parse(again.stdout)).toMatchObject({ total: 4, added: 0, alreadyPresent: 4, failed: 0 });
  expect(again.code).toBe(0);

  const added = await cli('copy', 'add', '--from-jsonl', dump, '--json');
  expect(added.code).toBe(0);
  expect(JSON.parse(added.stdout)).toMatchObject({ total: 4, added: 4, failed: 0 });
  const copy = await exported('copy');
  expect(essence(copy).filter((e) => e[1] !== 'hosted' && !e[1].includes('/hosted/'))).toEqual(essence(original).filter((e) => e[1] !== 'hosted'));

  expect(JSON.parse((await cli('synced', 'sync', '--from-jsonl', dump, '--json')).stdout)).toMatchObject({ added: 4, failed: 0 });
  expect(JSON.parse((await cli('synced', 'sync', '--from-jsonl', dump, '--json')).stdout)).toMatchObject({ added: 0, unchanged: 4 });
}, 90_000);

it('export --status keeps only inputs in that state, and a bad one names the flag', async () => {
  const failed = await exported('origin', '--status', 'INPUT_FAILED');
  expect(failed.map((i) => [i.id, i.status.codeName])).toEqual([['r2', 'INPUT_FAILED']]);
  const ok = await exported('origin', '--status', '30000');
  expect(ok.map((i) => i.id).sort()).toHaveLength(3);
  const bad = await cli('origin', 'export', '--status', 'DONE');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("--status: 'DONE' is not a status code name or number");
});
