/**
 * The CLI keeps V8's young generation from growing (src/cli/young-generation.ts), unless the user
 * sized it. Observed in real processes: after allocating ~200 MB of short-lived objects, V8 grows
 * the new space of a default process well past its initial 2 MiB; the CLI's stays there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, requireBuiltCli } from '../support/cli-process';
import { userSetSemiSpace } from '../../src/cli/young-generation';

const INITIAL_NEW_SPACE = 2 * 1024 * 1024;

/** At exit: churn short-lived objects, then print the new space's size on stdout. */
const PROBE = `
process.on('exit', () => {
  let keep = [];
  for (let i = 0; i < 2e6; i++) { const o = { a: 'x' + i, b: [i, i + 1] }; if (i % 97 === 0) keep.push(o); if (keep.length > 500) keep = []; }
  const space = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  process.stdout.write('\\nnew_space ' + space.space_size + '\\n');
});
`;

let dir: string;
let probe: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(path.join(tmpdir(), 'young-generation-'));
  probe = path.join(dir, 'probe.js');
  writeFileSync(probe, PROBE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `node <nodeArgs> --require probe <script args>` and returns the new space's size at exit. */
function newSpaceAtExit(nodeArgs: string[], args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--require', probe, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
    child.on('error', reject);
    child.on('close', () => {
      const match = /new_space (\d+)/.exec(out);
      if (match === null) reject(new Error(`no new_space line in ${JSON.stringify(out)}`));
      else resolve(Number(match[1]));
    });
  });
}

test('a plain node process grows its new space (the control: the probe can tell)', async () => {
  expect(await newSpaceAtExit([], ['-e', '0'])).toBeGreaterThan(INITIAL_NEW_SPACE);
});

test('the CLI process keeps its new space at the initial size', async () => {
  expect(await newSpaceAtExit([], [CLI, '--version'])).toBeLessThanOrEqual(INITIAL_NEW_SPACE);
});

test("a user's own semi-space flag wins over the CLI's", async () => {
  expect(await newSpaceAtExit(['--max-semi-space-size=8'], [CLI, '--version'])).toBeGreaterThan(INITIAL_NEW_SPACE);
});

test.each([
  [['--max-semi-space-size=8'], undefined, true],
  [['--max_semi_space_size=8'], undefined, true],
  [[], '--semi-space-growth-factor=2 --no-warnings', true],
  [['--inspect'], '--max-old-space-size=512', false],
  [[], undefined, false],
])('userSetSemiSpace(%j, %j) is %s', (execArgv, nodeOptions, expected) => {
  expect(userSetSemiSpace(execArgv, nodeOptions)).toBe(expected);
});
