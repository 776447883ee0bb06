/**
 * `tls`: gRPC and REST over TLS with a certificate made at start, trusted through the CA file the
 * emulator writes, by our client (`rootCerts`), by `curl --cacert`, and by the official Node stub's
 * `ClarifaiStub.grpc()` (TLS only) through GRPC_DEFAULT_SSL_ROOTS_FILE_PATH in a child process.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { InputsClient } from '../../src';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { makeLocalTls } from '../../src/emulator/server/tls';
import { curl } from '../support/curl';
import { TEST_KEY } from '../support/emulator-harness';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [TEST_KEY], tls: true, restPort: 0 });
});
afterAll(() => emulator.close());

/** Runs the official stub in a child process, where the env var is read when grpc-js loads. */
function officialStubPost(port: number, caFile: string): Promise<{ code: number; ids: string[] }> {
  const script = `
    const { ClarifaiStub } = require('clarifai-nodejs-grpc');
    const grpc = require(require.resolve('@grpc/grpc-js', { paths: [require.resolve('clarifai-nodejs-grpc')] }));
    const stub = ClarifaiStub.grpc();
    const metadata = new grpc.Metadata();
    metadata.set('authorization', 'Key ${TEST_KEY}');
    stub.PostInputs({ user_app_id: { user_id: 'me', app_id: 'main' }, inputs: [{ id: 'from-stub', data: { text: { raw: 'hi' } } }] }, metadata, (err, res) => {
      if (err) { console.error(err.message); process.exit(1); }
      console.log(JSON.stringify({ code: res.status.code, ids: res.inputs.map((i) => i.id) }));
      process.exit(0);
    });`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', script],
      { env: { ...process.env, CLARIFAI_GRPC_BASE: `localhost:${port}`, GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: caFile }, timeout: 20_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`official stub failed: ${stderr || err.message}`)) : resolve(JSON.parse(stdout) as { code: number; ids: string[] })),
    );
  });
}

describe('emulator over TLS', () => {
  it('writes the CA file and serves InputsClient (rootCerts); a plain-text client cannot connect', async () => {
    expect(emulator.tlsCaFile).toBeDefined();
    const ca = readFileSync(emulator.tlsCaFile as string);
    expect(ca.toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const client = new InputsClient({ apiKey: TEST_KEY, target: `localhost:${emulator.port}`, rootCerts: ca });
    try {
      const added = await client.addInputs([{ id: 'over-tls', text: { raw: 'x' } }]);
      expect(added.added.map((i) => i.id)).toEqual(['over-tls']);
    } finally {
      client.close();
    }
    const plain = new InputsClient({ apiKey: TEST_KEY, target: emulator.target, insecure: true, retry: false, timeoutMs: 5000 });
    try {
      await expect(plain.getInputCount()).rejects.toThrow();
    } finally {
      plain.close();
    }
  });

  it('serves REST over HTTPS to curl --cacert, and curl without it refuses the certificate', async () => {
    expect(emulator.restUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ok = await curl([`${emulator.restUrl}/v2/inputs/status`, '-H', `Authorization: Key ${TEST_KEY}`, '--cacert', emulator.tlsCaFile as string]);
    expect(ok.httpStatus).toBe(200);
    expect(ok.json.status.code).toBe(10000);
    const viaLocalhost = await curl([`https://localhost:${emulator.restPort}/v2/inputs/status`, '-H', `Authorization: Key ${TEST_KEY}`, '--cacert', emulator.tlsCaFile as string]);
    expect(viaLocalhost.httpStatus).toBe(200);
    await expect(curl([`${emulator.restUrl}/v2/inputs/status`])).rejects.toThrow(/certificate/i);
  });

  it('serves the official stub, ClarifaiStub.grpc() with CLARIFAI_GRPC_BASE=localhost:PORT', async () => {
    const res = await officialStubPost(emulator.port, emulator.tlsCaFile as string);
    expect(res).toEqual({ code: 10000, ids: ['from-stub'] });
  });
});

describe('tls options', () => {
  it('uses a given certificate and key, and removes the CA file it made on close', async () => {
    const mine = await makeLocalTls();
    const withMine = await startEmulator({ apiKeys: [TEST_KEY], tls: { cert: mine.cert, key: mine.key } });
    const client = new InputsClient({ apiKey: TEST_KEY, target: `localhost:${withMine.port}`, rootCerts: readFileSync(mine.caFile as string) });
    try {
      expect(withMine.tlsCaFile).toBeUndefined();
      expect((await client.getInputCount()).processed).toBe(0);
    } finally {
      client.close();
      await withMine.close();
      await mine.dispose();
    }
    const made = await startEmulator({ apiKeys: [TEST_KEY], tls: true });
    const caFile = made.tlsCaFile as string;
    expect(existsSync(caFile)).toBe(true);
    await made.close();
    expect(existsSync(caFile)).toBe(false);
  });
});
