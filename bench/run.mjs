// `make bench` entry: compiles bench/ (and the src/ files it imports) into a scratch folder under
// node_modules/.cache (outside dist/, so nothing of it is packed or linted; one folder per run, so
// two runs never share one), then runs the benchmark there with the arguments given
// (--quick, --json <file>, --only <workloads>) and removes the folder.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'node_modules/.cache/clarifai-inputs-bench', String(process.pid));
const require = createRequire(import.meta.url);

rmSync(outDir, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', 'bench/tsconfig.json', '--outDir', outDir],
  { cwd: root, stdio: 'inherit' },
);
if (tsc.status !== 0) {
  // Type errors still emit JavaScript; `make lint` is where they fail the build.
  console.error('bench: tsc reported errors (above); running what it emitted');
}
const main = spawnSync(process.execPath, [path.join(outDir, 'bench/main.js'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
rmSync(outDir, { recursive: true, force: true });
process.exit(main.status ?? 1);
