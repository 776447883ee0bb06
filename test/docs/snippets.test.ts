/**
 * The TypeScript examples of the documentation must compile against the real API: every ```ts
 * block of README.md, CONTRIBUTING.md and docs/*.md is type-checked with strict settings,
 * `clarifai-inputs` (and its subpaths) resolving to src/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');

/** Names the snippets use without defining them (placeholders for the reader's own values). */
const PRELUDE = `
import type { NewInput } from 'clarifai-inputs';
declare const client: import('clarifai-inputs').InputsClient;
declare const inputs: NewInput[];
declare const traceId: string;
declare function currentToken(): Promise<string>;
`;

/** The Markdown files whose ```ts blocks must type-check. */
export function documentationFiles(): string[] {
  const docs = readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', name));
  return ['README.md', 'CONTRIBUTING.md', ...docs];
}

function snippets(): Array<{ file: string; code: string }> {
  return documentationFiles().flatMap((file) =>
    [...readFileSync(path.join(root, file), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => ({ file, code: match[1]! })),
  );
}

test('every ts example of the documentation type-checks', () => {
  const blocks = snippets();
  expect(blocks.length).toBeGreaterThanOrEqual(8);
  const files = new Map<string, string>();
  blocks.forEach(({ file, code }, i) => {
    // The first block constructs its own client; the others use the declared one.
    const prelude = /const client = new InputsClient/.test(code) ? PRELUDE.replace(/^declare const client.*$/m, '') : PRELUDE;
    files.set(path.join(root, `test/docs/__snippet_${i}_${file.replace(/[/.]/g, '_')}.ts`), `${prelude}\n${code}\nexport {};\n`);
  });
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules/@types')],
    baseUrl: root,
    paths: {
      'clarifai-inputs': ['src/index.ts'],
      'clarifai-inputs/grpc': ['src/grpc.ts'],
      'clarifai-inputs/emulator': ['src/emulator/index.ts'],
    },
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => files.get(path.resolve(name)) ?? readFile(name);
  host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && files.has(path.resolve(d.file.fileName)))
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${path.basename(d.file!.fileName)}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  expect(problems).toEqual([]);
}, 60_000);
