/**
 * `instanceof` and retries survive bundling and minification: a script using the client is
 * bundled with esbuild (`bundle`, `minify`, as `esbuild --bundle --minify`), run in its own
 * process against the emulator with injected faults, and reports what it saw.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { startEmulator, type RunningEmulator } from '../../src/emulator';

const KEY = 'bundle-key-9Xq';
let emulator: RunningEmulator | undefined;
let dir: string | undefined;
afterAll(async () => {
  await emulator?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

test('in a minified bundle, errors are recognised by class and failed attempts are retried', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'clarifai-bundle-'));
  const outfile = path.join(dir, 'uses-client.min.js');
  await build({
    entryPoints: [path.join(__dirname, 'bundle/uses-client.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  emulator = await startEmulator({ apiKeys: [KEY], faultRate: 0.3, faultCodes: ['UNAVAILABLE', 'CONN_THROTTLED'], faultSeed: 7 });
  const { stdout } = await promisify(execFile)(process.execPath, [outfile, emulator.target, KEY], { timeout: 60_000 });
  const seen = JSON.parse(stdout) as Record<string, unknown>;
  expect(seen.minifiedClassName).not.toBe('ClarifaiApiError'); // the bundle really is minified
  expect(seen).toMatchObject({
    added: 40,
    failed: 0,
    madeIsApiError: true,
    madeIsTransportError: false,
    madeRetryable: true,
    missingIsApiError: true,
    missingIsClarifaiError: true,
    missingName: 'ClarifaiApiError',
    unreachableIsTransportError: true,
    unreachableIsApiError: false,
  });
  expect(seen.retried).toBeGreaterThan(0);
}, 120_000);
