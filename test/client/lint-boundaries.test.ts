/**
 * The architecture is enforced by lint (eslint.config.mjs, no-restricted-imports): ESLint's Node
 * API lints snippets as if they were files of the client and of the emulator. It runs in one child
 * Node process, because ESLint loads its (ESM) config with a dynamic import that jest's module
 * sandbox does not allow.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.join(__dirname, '../..');

const LINT_SNIPPETS = `
import { ESLint } from 'eslint';
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const { file, code } of JSON.parse(process.argv[1])) {
  const [result] = await eslint.lintText(code, { filePath: file });
  out.push(result.messages.map((m) => m.ruleId + ': ' + m.message));
}
process.stdout.write(JSON.stringify(out));
`;

const snippets = {
  clientImportsEmulator: ['src/client/operations/probe.ts', "import { startEmulator } from '../../emulator';\nexport const s = startEmulator;\n"],
  entryImportsCli: ['src/index.ts', "export type { CliError } from './cli/cli-error';\n"],
  clientImportsShared: ['src/client/probe.ts', "import { statusCodeName } from '../status-code-name';\nexport const n = statusCodeName;\n"],
  emulatorImportsClient: ['src/emulator/probe.ts', "import type { NewInput } from '../client/types';\nexport type N = NewInput;\n"],
  emulatorImportsShared: ['src/emulator/probe.ts', "import { DUPLICATE_ID_DETAILS } from '../duplicate-id';\nexport const d = DUPLICATE_ID_DETAILS;\n"],
} as const;

let found: Record<keyof typeof snippets, string[]>;
beforeAll(async () => {
  const input = Object.values(snippets).map(([file, code]) => ({ file: path.join(root, file), code }));
  const args = ['--input-type=module', '-e', LINT_SNIPPETS, JSON.stringify(input)];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: root, timeout: 120_000 });
  const results = JSON.parse(stdout) as string[][];
  found = Object.fromEntries(Object.keys(snippets).map((name, i) => [name, results[i]!])) as typeof found;
}, 120_000);

test('a client file (or an entry point) that imports the emulator or the CLI fails lint', () => {
  expect(found.clientImportsEmulator).toEqual([
    expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*The client never imports the emulator or the CLI\./),
  ]);
  expect(found.entryImportsCli).toEqual([expect.stringMatching(/The client never imports the emulator or the CLI\./)]);
  expect(found.clientImportsShared).toEqual([]);
});

test('an emulator file that imports the client or the CLI fails lint', () => {
  expect(found.emulatorImportsClient).toEqual([expect.stringMatching(/The emulator never imports the client or the CLI\./)]);
  expect(found.emulatorImportsShared).toEqual([]);
});
