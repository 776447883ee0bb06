/**
 * The TypeScript examples of the client's README sections must compile against the real API.
 * Each ```ts block of the sections below is type-checked with strict settings,
 * `clarifai-inputs` resolving to src/.
 */
import { readFileSync } from 'node:fs';
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

/** The client's README sections (other sections belong to other parts and are checked elsewhere). */
const SECTIONS = [
  'Quick start',
  'Errors',
  'Retries',
  'Deadlines and cancellation',
  'Pagination',
  'Waiting for processing',
  'Using the raw stubs',
  'Bring your own channel',
  'Observability',
];

function snippets(): string[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const sections = readme.split(/^## /m).filter((section) => SECTIONS.includes(section.slice(0, section.indexOf('\n'))));
  expect(sections).toHaveLength(SECTIONS.length);
  return sections.flatMap((section) => [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!));
}

test('the README examples type-check', () => {
  const blocks = snippets();
  expect(blocks.length).toBeGreaterThanOrEqual(8);
  const files = new Map<string, string>();
  blocks.forEach((code, i) => {
    // The first block constructs its own client; the others use the declared one.
    const prelude = /const client = new InputsClient/.test(code) ? PRELUDE.replace(/^declare const client.*$/m, '') : PRELUDE;
    files.set(path.join(root, `test/client/__readme_${i}.ts`), `${prelude}\n${code}\nexport {};\n`);
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
    paths: { 'clarifai-inputs': ['src/index.ts'], 'clarifai-inputs/grpc': ['src/grpc.ts'] },
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
