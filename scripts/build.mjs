// Builds dist/: tsc emits CommonJS with declarations into dist/cjs, then each public entry gets a
// thin ESM wrapper in dist/esm that re-exports the CommonJS module by name. One copy of the code
// serves both module systems, so a value created through `import` is the same class as one
// created through `require`.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const entries = { index: 'index', grpc: 'grpc', emulator: 'emulator/index' };

// Build into a scratch folder and swap it in at the end, so a process running from dist/ (a
// test, an emulator) never sees it half-built or missing.
const out = path.join(root, `.dist-build-${process.pid}`);
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', path.join(out, 'cjs')], {
  cwd: root,
  stdio: 'inherit',
});

const esmDir = path.join(out, 'esm');
mkdirSync(esmDir, { recursive: true });
for (const [name, cjsPath] of Object.entries(entries)) {
  const cjsFile = path.join(out, 'cjs', `${cjsPath}.js`);
  if (!existsSync(cjsFile)) continue;
  const names = Object.keys(require(cjsFile)).filter((key) => key !== 'default' && key !== '__esModule');
  const spec = `../cjs/${cjsPath}.js`;
  const lines = [`import cjs from '${spec}';`, ...names.map((n) => `export const ${n} = cjs.${n};`), 'export default cjs;'];
  writeFileSync(path.join(esmDir, `${name}.mjs`), lines.join('\n') + '\n');
  writeFileSync(path.join(esmDir, `${name}.d.mts`), `export * from '${spec}';\n`);
}

const cli = path.join(out, 'cjs/cli/main.js');
if (existsSync(cli)) chmodSync(cli, 0o755);

const dist = path.join(root, 'dist');
const old = path.join(root, `.dist-old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(out, dist);
rmSync(old, { recursive: true, force: true });
