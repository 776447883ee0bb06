/**
 * Packs the package as npm would publish it, installs the tarball into a scratch project and
 * imports every entry from CommonJS and from ESM, then type-checks a consumer of each kind.
 * Needs `make build` first (make test runs it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the packed package', () => {
  let project: string;

  beforeAll(() => {
    if (!existsSync(path.join(root, 'dist/cjs/index.js'))) throw new Error('dist/ is missing: run `make build` first');
    project = mkdtempSync(path.join(tmpdir(), 'consumer-'));
    // --ignore-scripts: `make test` has just built dist/; prepack's build would rewrite it under the other tests.
    run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', project], root);
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack produced no tarball');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`], project);
  }, 120_000);

  afterAll(() => project && rmSync(project, { recursive: true, force: true }));

  it('ships every file its package.json and its documentation point to', () => {
    const installed = path.join(project, 'node_modules/clarifai-inputs');
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    const entryFiles = [manifest.main, manifest.module, manifest.types, ...JSON.stringify(manifest.exports).match(/"\.\/dist\/[^"]+"/g)!.map((f) => JSON.parse(f) as string)];
    const missing = entryFiles.filter((file) => typeof file !== 'string' || !existsSync(path.join(installed, file)));
    expect(missing).toEqual([]);
    const docs = ['README.md', ...readdirSync(path.join(installed, 'docs')).map((f) => `docs/${f}`)];
    const links = docs.flatMap((doc) =>
      [...readFileSync(path.join(installed, doc), 'utf8').matchAll(/\]\(((?:\.\.\/)?[A-Z][A-Z-]*\.md)(?:#[^)]*)?\)/g)].map((m) => path.join(path.dirname(doc), m[1]!)),
    );
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((file) => !existsSync(path.join(installed, file)))).toEqual([]);
  });

  it('loads from CommonJS', () => {
    writeFileSync(
      path.join(project, 'use.cjs'),
      `const main = require('clarifai-inputs');
       const grpc = require('clarifai-inputs/grpc');
       console.log(JSON.stringify([main.statusCodeName(main.StatusCode.MIXED_STATUS), typeof grpc.V2Client, grpc.V2Service.postInputs.path]));`,
    );
    expect(JSON.parse(run('node', ['use.cjs'], project))).toEqual(['MIXED_STATUS', 'function', '/clarifai.api.V2/PostInputs']);
  });

  it('loads from ESM, sharing one copy of each class with CommonJS', () => {
    writeFileSync(
      path.join(project, 'use.mjs'),
      `import { StatusCode, statusCodeName } from 'clarifai-inputs';
       import { V2Client, PostInputsRequest } from 'clarifai-inputs/grpc';
       import { createRequire } from 'node:module';
       const cjs = createRequire(import.meta.url)('clarifai-inputs/grpc');
       console.log(JSON.stringify([statusCodeName(StatusCode.INPUT_DUPLICATE), V2Client === cjs.V2Client, PostInputsRequest.fromPartial({}).inputs]));`,
    );
    expect(JSON.parse(run('node', ['use.mjs'], project))).toEqual(['INPUT_DUPLICATE', true, []]);
  });

  it('ships type declarations that CommonJS and ESM TypeScript consumers both resolve', () => {
    const body = `const code: StatusCode = StatusCode.SUCCESS;
      const req: PostInputsRequest = PostInputsRequest.fromPartial({ inputs: [{ id: 'a' }] });
      export const out: [string, number] = [statusCodeName(code), req.inputs.length];`;
    writeFileSync(
      path.join(project, 'use.cts'),
      `import { StatusCode, statusCodeName } from 'clarifai-inputs';\nimport { PostInputsRequest } from 'clarifai-inputs/grpc';\n${body}`,
    );
    writeFileSync(
      path.join(project, 'use.mts'),
      `import { StatusCode, statusCodeName } from 'clarifai-inputs';\nimport { PostInputsRequest } from 'clarifai-inputs/grpc';\n${body}`,
    );
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const args = ['--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--types', 'node', '--typeRoots', path.join(root, 'node_modules/@types')];
    expect(() => run('node', [tsc, ...args, 'use.cts', 'use.mts'], project)).not.toThrow();
  });

  /**
   * A strict consumer (skipLibCheck false) in every module resolution mode, with @types/node only:
   * no @types/better-sqlite3, and better-sqlite3 and selfsigned themselves not installed (optional
   * peers: npm would install a peer not marked optional), so a public declaration that reached
   * for their types would fail (TS2307 / TS7016).
   */
  describe('type-checks a strict consumer of every entry', () => {
    const consumer = `import { InputsClient, StatusCode, type AddInputsBatchResult, type PatchInputsResult } from 'clarifai-inputs';
      import { PostInputsRequest } from 'clarifai-inputs/grpc';
      import { startEmulator, type EmulatorOptions, type RunningEmulator } from 'clarifai-inputs/emulator';
      const options: EmulatorOptions = { apiKeys: ['k'], sync: 'NORMAL' };
      export async function use(): Promise<[number, number, string]> {
        const emulator: RunningEmulator = await startEmulator(options);
        const client = new InputsClient({ apiKey: 'k', target: emulator.target, insecure: true });
        let added = 0;
        for await (const batch of client.addInputsInBatches([{ text: { raw: 'x' } }])) added += (batch satisfies AddInputsBatchResult).added.length;
        const patched: PatchInputsResult = await client.patchInputs([{ id: 'a', concepts: ['c'] }], 'merge');
        const request = PostInputsRequest.fromPartial({ inputs: [{ id: 'a' }] });
        await emulator.close();
        return [added + patched.patched.length, request.inputs.length + StatusCode.SUCCESS, emulator.target];
      }`;
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const strict = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--types', 'node'];

    beforeAll(() => {
      const types = path.join(project, 'node_modules/@types');
      mkdirSync(types, { recursive: true });
      if (!existsSync(path.join(types, 'node'))) symlinkSync(path.join(root, 'node_modules/@types/node'), path.join(types, 'node'), 'dir');
      expect(existsSync(path.join(project, 'node_modules/better-sqlite3'))).toBe(false);
      expect(existsSync(path.join(types, 'better-sqlite3'))).toBe(false);
      expect(existsSync(path.join(project, 'node_modules/selfsigned'))).toBe(false);
    });

    it.each<[string, string[], string[]]>([
      ['node10 (CommonJS)', ['--module', 'commonjs', '--moduleResolution', 'node10', '--target', 'es2022'], ['use-node10.ts']],
      ['node16', ['--module', 'node16', '--moduleResolution', 'node16'], ['use-node16.cts', 'use-node16.mts']],
      ['nodenext', ['--module', 'nodenext', '--moduleResolution', 'nodenext'], ['use-nodenext.cts', 'use-nodenext.mts']],
      ['bundler', ['--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2022'], ['use-bundler.ts']],
    ])('%s', (_mode, flags, files) => {
      for (const file of files) writeFileSync(path.join(project, file), consumer);
      let output = '';
      try {
        run('node', [tsc, ...strict, ...flags, ...files], project);
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
      }
      expect(output).toBe('');
    });
  });
});
