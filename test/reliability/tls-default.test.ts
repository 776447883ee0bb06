/**
 * Issue 7.8, TLS: the client (and the CLI) use TLS unless told `insecure`. Against a TLS server
 * whose certificate is signed by a throwaway CA (made with openssl for this run), a client
 * trusting that CA connects; one that does not, or that asks for plain text, does not. Against
 * a plain-text listener that records every byte, a client without `insecure` sends only a TLS
 * hello: never clear-text HTTP/2, so never the key.
 * (test/client/grpc-native.test.ts covers a self-signed leaf certificate.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputsClient } from '../../src';
import { startEmulator } from '../../src/emulator';
import { PeerServer } from '../support/peer-server';
import { requireBuiltCli, runCliProcess } from '../support/cli-process';

const KEY = 'sk-TLSCHECK-71c0e9d2';

let dir: string;
let ca: Buffer;
let tlsPeer: PeerServer;
beforeAll(async () => {
  requireBuiltCli();
  dir = mkdtempSync(path.join(tmpdir(), 'rel-tls-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=reliability test CA');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'san.ext');
  ca = readFileSync(path.join(dir, 'ca.crt'));
  tlsPeer = await PeerServer.start({ tls: { cert: readFileSync(path.join(dir, 'server.crt')), key: readFileSync(path.join(dir, 'server.key')) } });
});
afterAll(async () => {
  await tlsPeer?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What every clear-text HTTP/2 connection starts with. */
const HTTP2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

/** A plain TCP listener that keeps every byte it receives, and never answers. */
async function recordingListener(): Promise<{ port: number; received: () => Buffer; close: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (d) => chunks.push(d));
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    received: () => Buffer.concat(chunks),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

test('TLS by default: the CA-signed server is reached with the CA as root, refused without it', async () => {
  const trusting = new InputsClient({ apiKey: KEY, target: `localhost:${tlsPeer.port}`, rootCerts: ca, retry: false, timeoutMs: 5_000 });
  const systemRoots = new InputsClient({ apiKey: KEY, target: `localhost:${tlsPeer.port}`, retry: false, timeoutMs: 5_000 });
  const plain = new InputsClient({ apiKey: KEY, target: `localhost:${tlsPeer.port}`, insecure: true, retry: false, timeoutMs: 2_000 });
  try {
    await expect(trusting.getInputCount()).resolves.toMatchObject({ processed: 0 });
    expect(tlsPeer.calls).toHaveLength(1);
    await expect(systemRoots.getInputCount()).rejects.toMatchObject({ grpcCodeName: 'UNAVAILABLE' });
    await expect(plain.getInputCount()).rejects.toMatchObject({ grpcCodeName: expect.stringMatching(/UNAVAILABLE|DEADLINE_EXCEEDED|INTERNAL/) });
    expect(tlsPeer.calls).toHaveLength(1); // only the trusting client got through
  } finally {
    for (const c of [trusting, systemRoots, plain]) c.close();
  }
});

test('insecure only when asked: without it, a plain-text listener sees a TLS hello and never the key', async () => {
  const listener = await recordingListener();
  const target = `localhost:${listener.port}`;
  try {
    const secure = new InputsClient({ apiKey: KEY, target, retry: false, timeoutMs: 1_000 });
    await expect(secure.getInputCount()).rejects.toMatchObject({ grpcCodeName: 'DEADLINE_EXCEEDED' });
    secure.close();
    const sentSecure = listener.received();
    expect(sentSecure.length).toBeGreaterThan(0);
    expect(sentSecure[0]).toBe(0x16); // a TLS handshake record
    // No clear-text HTTP/2 (so no headers, so no key) ever went out.
    expect(sentSecure.includes(HTTP2_PREFACE)).toBe(false);
    expect(sentSecure.includes(KEY)).toBe(false);

  } finally {
    await listener.close();
  }
  // Control: asked for plain text, the client speaks clear-text HTTP/2 (so the check above can fail).
  const plainListener = await recordingListener();
  const insecure = new InputsClient({ apiKey: KEY, target: `localhost:${plainListener.port}`, insecure: true, retry: false, timeoutMs: 1_000 });
  try {
    await expect(insecure.getInputCount()).rejects.toBeDefined();
    expect(plainListener.received().includes(HTTP2_PREFACE)).toBe(true);
  } finally {
    insecure.close();
    await plainListener.close();
  }
});

test('the CLI is TLS by default too: without --insecure it cannot use the plain-text emulator, and stores nothing', async () => {
  const emulator = await startEmulator({ apiKeys: [KEY] });
  const reader = new InputsClient({ apiKey: KEY, target: emulator.target, insecure: true });
  try {
    const rows = path.join(dir, 'rows.jsonl');
    writeFileSync(rows, '{"text":"hello"}\n');
    const run = await runCliProcess(['add', '--from-jsonl', rows, '--target', emulator.target, '--timeout', '3000'], { env: { CLARIFAI_PAT: KEY } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/PostInputs failed: (UNAVAILABLE|DEADLINE_EXCEEDED)/);
    expect(run.stderr).not.toContain(KEY);
    expect(await reader.getInputCount()).toMatchObject({ toProcess: 0, processed: 0, processing: 0, errors: 0 });
    const plain = await runCliProcess(['add', '--from-jsonl', rows, '--target', emulator.target, '--insecure'], { env: { CLARIFAI_PAT: KEY } });
    expect(plain.code).toBe(0);
  } finally {
    reader.close();
    await emulator.close();
  }
});

test('PostInputs (the direct HTTP/2 transport) is TLS by default too: CA-trusted adds land, a plain listener never sees the key', async () => {
  const trusting = new InputsClient({ apiKey: KEY, target: `localhost:${tlsPeer.port}`, rootCerts: ca, retry: false, timeoutMs: 5_000 });
  const systemRoots = new InputsClient({ apiKey: KEY, target: `localhost:${tlsPeer.port}`, retry: false, timeoutMs: 5_000 });
  const listener = await recordingListener();
  const toListener = new InputsClient({ apiKey: KEY, target: `localhost:${listener.port}`, retry: false, timeoutMs: 1_000 });
  try {
    const before = tlsPeer.callsTo('PostInputs').length;
    await expect(trusting.addInputs([{ id: 'over-tls', text: { raw: 'x' } }])).resolves.toMatchObject({ added: [{ id: 'over-tls' }] });
    expect(tlsPeer.callsTo('PostInputs')).toHaveLength(before + 1);
    await expect(systemRoots.addInputs([{ id: 'untrusted', text: { raw: 'x' } }])).rejects.toMatchObject({ grpcCodeName: 'UNAVAILABLE' });
    expect(tlsPeer.callsTo('PostInputs')).toHaveLength(before + 1);
    await expect(toListener.addInputs([{ id: 'never', text: { raw: 'x' } }])).rejects.toMatchObject({ grpcCodeName: 'DEADLINE_EXCEEDED' });
    const sent = listener.received();
    expect(sent[0]).toBe(0x16);
    expect(sent.includes(HTTP2_PREFACE)).toBe(false);
    expect(sent.includes(KEY)).toBe(false);
  } finally {
    for (const c of [trusting, systemRoots, toListener]) c.close();
    await listener.close();
  }
});
