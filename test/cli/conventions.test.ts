/**
 * Issue 14, CLI conventions: usage, version and -h; `--target` as a URL; messages in flag terms;
 * no DEP0123 warning for TLS to an IP. Each run is the built CLI in its own process.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VERSION } from '../../src/client/version';
import { inFlagTerms } from '../../src/cli/flag-terms';
import { parseTargetFlag } from '../../src/cli/target-flag';
import { runCliProcess } from '../support/cli-process';
import { cliEmulatorFixture } from '../support/cli-emulator-fixture';

const KEY = 'cli-conventions-key';
const fixture = cliEmulatorFixture({ apiKey: KEY, prefix: 'cli-conv-' });

it('no arguments: usage on stderr, exit 2', async () => {
  const run = await runCliProcess([]);
  expect([run.code, run.stdout]).toEqual([2, '']);
  expect(run.stderr).toContain('usage: clarifai-inputs <command>');
});

it('--version and -V print the version', async () => {
  for (const flag of ['--version', '-V']) {
    const run = await runCliProcess([flag]);
    expect([run.code, run.stdout.trim()]).toEqual([0, VERSION]);
  }
});

it.each([['-h'], ['add', '-h'], ['sync', '-h'], ['wait', '-h'], ['export', '-h']])('%s prints usage on stdout, exit 0', async (...args) => {
  const run = await runCliProcess(args);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^usage: clarifai-inputs/);
});

it.each([
  [['add', '--rps', '-3', 'x'], "error: --rps: needs a value (a value that starts with '-' is written --rps=<value>)"],
  [['add', 'x', '--rps'], 'error: --rps: needs a value'],
  [['add', '--json=yes', 'x'], 'error: --json: takes no value'],
  [['add', '--nope', 'x'], "error: unknown flag '--nope' (see --help)"],
])('%j: one line that names the flag, exit 2', async (args, message) => {
  const run = await runCliProcess(args);
  expect([run.code, run.stderr.trim()]).toEqual([2, message]);
});

it.each([['add'], ['sync']])('%s checks the connection flags before it reads the source', async (command) => {
  const source = mkdtempSync(path.join(fixture.dir, 'unread-'));
  writeFileSync(path.join(source, 'notes.txt'), 'not an image');
  const run = await runCliProcess([command, source], { env: { CLARIFAI_PAT: '', CLARIFAI_API_KEY: '' } });
  expect(run.code).toBe(1);
  expect(run.stderr.trim()).toBe('error: no API key: pass --api-key <key>, or set CLARIFAI_PAT (or CLARIFAI_API_KEY)');
});

it.each([['add'], ['sync']])('%s stopped by an error prints its --json summary, then the error, exit 1', async (command) => {
  const source = path.join(fixture.dir, `stopped-${command}.jsonl`);
  writeFileSync(source, '{"id":"s1","text":"one"}\n{"id":"s2","text":"two"}\n');
  const run = await runCliProcess([command, '--from-jsonl', source, '--json', '--target', `http://${fixture.emulator.target}`, '--api-key', 'not-the-key']);
  expect(run.code).toBe(1);
  expect(JSON.parse(run.stdout)).toMatchObject({ added: 0 });
  expect(run.stderr).toMatch(/^error: .*CONN_KEY_INVALID/m);
});

describe('--target as a URL', () => {
  it.each([
    ['api.clarifai.com:443', { target: 'api.clarifai.com:443', plainText: false }],
    ['https://api.clarifai.com', { target: 'api.clarifai.com:443', plainText: false }],
    ['https://api.clarifai.com/', { target: 'api.clarifai.com:443', plainText: false }],
    ['http://127.0.0.1:5000', { target: '127.0.0.1:5000', plainText: true }],
  ])('%s', (text, expected) => {
    expect(parseTargetFlag(text)).toEqual(expected);
  });

  it('refuses a path or another scheme, naming --target', () => {
    expect(() => parseTargetFlag('https://api.clarifai.com/v2')).toThrow("--target: a gRPC endpoint has no path, got '/v2'");
    expect(() => parseTargetFlag('ftp://x')).toThrow('--target: expected host:port or an http(s):// URL');
  });

  it('http://host:port reaches the plain-text emulator without --insecure', async () => {
    const run = await runCliProcess(['count', '--target', `http://${fixture.emulator.target}`, '--api-key', KEY]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('TLS to an IP prints no DEP0123 warning, and the plain-text hint names --insecure', async () => {
    const run = await runCliProcess(['count', '--target', `https://${fixture.emulator.target}`, '--api-key', KEY, '--timeout', '5000']);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('DEP0123');
    expect(run.stderr).not.toContain('insecure: true');
    expect(run.stderr).toContain('--insecure');
  });
});

it('library option names in messages become flags', () => {
  expect(inFlagTerms('wrong version number (is the server plain text? pass insecure: true)')).toBe('wrong version number (is the server plain text? pass --insecure)');
  expect(inFlagTerms('option `apiKey` must not contain line breaks')).toBe('--api-key must not contain line breaks');
  expect(inFlagTerms('no API key: pass option `apiKey`, or set CLARIFAI_PAT')).toBe('no API key: pass --api-key, or set CLARIFAI_PAT');
  expect(inFlagTerms('option `retry` must be an object')).toBe('option `retry` must be an object');
});
