/**
 * A client that is never closed must not keep its process alive once its calls are done: grpc-js
 * lets an idle channel go, and the direct transport (PostInputs over Node's http2) must too. The
 * child runs the built package (dist/cjs), adds inputs through each transport, and does not call
 * close(); it has to exit by itself, and print nothing on stderr (Node's warnings go there: a
 * listener per stream on a connecting session once warned MaxListenersExceeded, which a jest
 * test cannot see, as jest's `process` is not the one Node warns on).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator';

const KEY = 'sk-EXIT-3d9a';
const PACKAGE = path.resolve(__dirname, '../../dist/cjs/index.js');

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY] });
});
afterAll(() => emulator.close());

function runChild(uploadTransport: string, inputs = 1, concurrency = 4): Promise<{ code: number | null; killed: boolean; stdout: string; stderr: string }> {
  const script = `
    const { InputsClient } = require(${JSON.stringify(PACKAGE)});
    const client = new InputsClient({ apiKey: ${JSON.stringify(KEY)}, target: ${JSON.stringify(emulator.target)}, insecure: true, uploadTransport: ${JSON.stringify(uploadTransport)}, concurrency: ${concurrency}, batchSize: 1 });
    const tag = 'exit-' + ${JSON.stringify(uploadTransport)} + '-' + ${concurrency} + '-';
    client.addInputs(Array.from({ length: ${inputs} }, (_, i) => ({ id: tag + i, text: { raw: 'x' } }))).then((r) => console.log('added', r.added.length));
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, killed, stdout, stderr });
    });
  });
}

test.each(['http2', 'grpc-js'])('an unclosed client (uploadTransport %s) lets the process exit after its upload', async (transport) => {
  const run = await runChild(transport);
  expect(run.stderr).toBe('');
  expect(run.stdout.trim()).toBe('added 1');
  expect(run.killed).toBe(false);
  expect(run.code).toBe(0);
});

test('sixteen streams opened at once on a fresh direct connection: no warning on stderr, and the process exits', async () => {
  const run = await runChild('http2', 32, 16);
  expect(run.stderr).toBe('');
  expect(run.stdout.trim()).toBe('added 32');
  expect(run.code).toBe(0);
});
