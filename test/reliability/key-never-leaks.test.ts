/**
 * Issue 7.8: the API key never appears in logs, errors or snapshots. A representative set of
 * client, CLI and emulator operations runs with a distinctive key, on success and failure paths
 * (CLI --debug included); everything they print or throw is captured and searched for the key.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { InputsClient } from '../../src';
import { requireBuiltCli, runCliProcess, startEmulatorProcess } from '../support/cli-process';

/** Two distinctive keys: the right one, and a wrong one that a client presents. */
const KEY = 'sk-LEAKCHECK-9b1f3c7e2a5d';
const WRONG = 'sk-WRONGKEY-4e8a1d6c0b3f';

/** Everything captured, labelled by where it came from. */
const captured: Array<[string, string]> = [];
const capture = (where: string, text: unknown): void => {
  captured.push([where, typeof text === 'string' ? text : inspect(text, { depth: 8, showHidden: true })]);
};
/** An error as a user or a logger could see it: message, stack, inspect (hidden fields too), JSON. */
const captureError = (where: string, error: unknown): void => {
  capture(`${where} (inspect)`, error);
  if (error instanceof Error) {
    capture(`${where} (message)`, error.message);
    capture(`${where} (stack)`, error.stack ?? '');
    capture(`${where} (cause)`, (error as { cause?: unknown }).cause);
  }
  capture(`${where} (JSON)`, JSON.stringify(error) ?? '');
};

let dir: string;
let emulator: RunningEmulator;
const emulatorLog: string[] = [];
beforeAll(async () => {
  requireBuiltCli();
  dir = mkdtempSync(path.join(tmpdir(), 'rel-key-'));
  emulator = await startEmulator({ apiKeys: [KEY], log: (line) => emulatorLog.push(line), faultRate: 0.3, faultSeed: 4, faultCodes: ['UNAVAILABLE', 'CONN_THROTTLED'] });
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

test('client: success and failure paths, errors, events, the client itself', async () => {
  const events: unknown[] = [];
  const client = new InputsClient({ apiKey: KEY, target: emulator.target, insecure: true, retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 5 }, onCall: (e) => events.push(e) });
  const wrong = new InputsClient({ apiKey: WRONG, target: emulator.target, insecure: true, retry: false });
  const nowhere = new InputsClient({ apiKey: KEY, target: '127.0.0.1:1', insecure: true, retry: false, timeoutMs: 2_000 });
  try {
    capture('client', client);
    capture('client JSON', JSON.stringify(client));
    capture('client inspect', inspect(client, { showHidden: true, depth: 8 }));
    const result = await client.addInputs([{ id: 'k1', text: { raw: 'x' } }, { id: 'k1b', text: { raw: 'y' }, metadata: { note: 'hi' } }]);
    capture('addInputs result', result);
    capture('getInput', await client.getInput('k1'));
    capture('listInputs', await client.listInputsPage());
    capture('getInputCount', await client.getInputCount());
    for (const [where, call] of [
      ['wrong key', () => wrong.getInputCount()],
      ['wrong key addInputs', () => wrong.addInputs([{ text: { raw: 'x' } }])],
      ['unreachable', () => nowhere.getInputCount()],
      ['unknown id', () => client.getInput('missing')],
      ['bad input', () => client.addInputs([{ id: 'bad', metadata: { n: Number.NaN } } as never])],
      ['aborted', () => client.getInputCount({ signal: AbortSignal.abort() })],
      ['reserved header', () => client.getInputCount({ metadata: { authorization: `Key ${KEY}` } })],
    ] as const) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect([where, error]).toEqual([where, expect.any(Error)]);
      captureError(`client ${where}`, error);
    }
    capture('onCall events', events);
    capture('onCall events JSON', JSON.stringify(events));
  } finally {
    for (const c of [client, wrong, nowhere]) c.close();
  }
  expect(events.length).toBeGreaterThan(0);
});

test('CLI: commands on success and failure paths, with --debug, key by flag and by environment', async () => {
  const rows = path.join(dir, 'rows.jsonl');
  writeFileSync(rows, ['{"text":"one"}', '{"text":"two","metadata":{"a":1}}', '{"url":"not a url"}'].join('\n'));
  const common = ['--target', emulator.target, '--insecure', '--debug'];
  const runs: Array<[string[], NodeJS.ProcessEnv?]> = [
    [['add', '--from-jsonl', rows, '--api-key', KEY, '--failures', path.join(dir, 'failed.jsonl'), ...common]],
    [['list', '--json', ...common], { CLARIFAI_PAT: KEY }],
    [['export', '--out', path.join(dir, 'all.jsonl'), ...common], { CLARIFAI_PAT: KEY }],
    [['count', ...common], { CLARIFAI_API_KEY: KEY }],
    [['get', 'missing', ...common], { CLARIFAI_PAT: KEY }],
    [['count', ...common, '--api-key', WRONG]],
    [['count', '--target', '127.0.0.1:1', '--insecure', '--debug', '--timeout', '1500'], { CLARIFAI_PAT: KEY }],
    [['count', '--target', emulator.target, '--debug'], { CLARIFAI_PAT: KEY }], // TLS to a plain-text server
    [['add', '--from-jsonl', path.join(dir, 'missing.jsonl'), '--api-key', KEY, ...common]],
    [['count', '--api-key', KEY, '--timeout', 'soon', ...common]],
  ];
  for (const [args, env] of runs) {
    const run = await runCliProcess(args, { env });
    capture(`cli ${args[0]} (stdout, exit ${run.code})`, run.stdout);
    capture(`cli ${args[0]} (stderr)`, run.stderr);
  }
  capture('cli failures file', readFileSync(path.join(dir, 'failed.jsonl'), 'utf8'));
  capture('cli export file', readFileSync(path.join(dir, 'all.jsonl'), 'utf8'));
  // The failure paths really failed: their output is part of what is searched.
  expect(captured.filter(([where]) => where.startsWith('cli') && /exit 1/.test(where)).length).toBeGreaterThanOrEqual(4);
});

test('emulator: as a process (start, wrong keys, shutdown) and its log lines', async () => {
  const proc = await startEmulatorProcess(['--api-key', KEY, '--db', path.join(dir, 'emu.db')]);
  const stderr: string[] = [];
  proc.child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const wrong = await runCliProcess(['count', '--target', proc.target, '--insecure', '--api-key', WRONG, '--debug']);
  capture('cli against emulator process', wrong.stdout + wrong.stderr);
  await proc.stop('SIGTERM');
  capture('emulator process stderr', stderr.join(''));
  // A key the emulator refuses to start with is named by position only.
  const bad = await runCliProcess(['emulator', '--port', '0', '--db', ':memory:', '--api-key', `${KEY} with spaces`]);
  capture(`emulator bad key (exit ${bad.code})`, bad.stdout + bad.stderr);
  expect(bad.code).not.toBe(0);
  const thrown = await startEmulator({ apiKeys: [`${KEY} x`] }).catch((e: unknown) => e);
  captureError('startEmulator bad key', thrown);
  capture('emulator log', emulatorLog.join('\n'));
});

test('nothing captured above contains either key', () => {
  // Tests run in order: this one sees everything the three above captured.
  const leaks = captured.filter(([, text]) => text.includes(KEY) || text.includes(WRONG)).map(([where]) => where);
  expect(leaks).toEqual([]);
  expect(captured.length).toBeGreaterThan(40);
});
