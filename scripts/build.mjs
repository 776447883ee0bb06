// Builds dist/: tsc emits CommonJS with declarations into dist/cjs, then each public entry gets a
// thin ESM wrapper in dist/esm that re-exports the CommonJS module by name. One copy of the code
// serves both module systems, so a value created through `import` is the same class as one
// created through `require`.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const entries = { index: 'index', grpc: 'grpc', emulator: 'emulator/index' };

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});

const esmDir = path.join(root, 'dist/esm');
mkdirSync(esmDir, { recursive: true });
for (const [name, cjsPath] of Object.entries(entries)) {
  const cjsFile = path.join(root, 'dist/cjs', `${cjsPath}.js`);
  if (!existsSync(cjsFile)) continue;
  const names = Object.keys(require(cjsFile)).filter((key) => key !== 'default' && key !== '__esModule');
  const spec = `../cjs/${cjsPath}.js`;
  const lines = [`import cjs from '${spec}';`, ...names.map((n) => `export const ${n} = cjs.${n};`), 'export default cjs;'];
  writeFileSync(path.join(esmDir, `${name}.mjs`), lines.join('\n') + '\n');
  writeFileSync(path.join(esmDir, `${name}.d.mts`), `export * from '${spec}';\n`);
}

const cli = path.join(root, 'dist/cjs/cli/main.js');
if (existsSync(cli)) chmodSync(cli, 0o755);
