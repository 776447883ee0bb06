/**
 * The emulator's HTTP/2 flow-control tuning reaches the wire. It is set on grpc-js internals
 * (no public option exists in grpc-js 1.14), so a grpc-js upgrade that moves them fails here:
 * a bare http2 client would see the HTTP/2 defaults (65,535-byte window, 16,384-byte frames).
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import * as http2 from 'node:http2';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { applyConnectionWindow, applyHttp2Settings, HTTP2_TUNING } from '../../src/emulator/server/http2-tuning';

const MiB = 1024 * 1024;

function connect(port: number): Promise<{ settings: http2.Settings; session: http2.ClientHttp2Session }> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  return new Promise((resolve, reject) => {
    session.once('error', reject);
    session.once('remoteSettings', (settings) => resolve({ settings, session }));
  });
}

describe('emulator HTTP/2 tuning', () => {
  let emulator: RunningEmulator;
  let session: http2.ClientHttp2Session | undefined;
  const logged: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: ['k'], log: (line) => logged.push(line) });
  });
  afterEach(async () => {
    if (session && !session.closed) await new Promise<void>((resolve) => session?.close(() => resolve()));
    session = undefined;
  });
  afterAll(() => emulator.close());

  it('advertises a 16 MiB stream window and 1 MiB frames, and opens a 64 MiB connection window', async () => {
    const remote = await connect(emulator.port);
    session = remote.session;
    expect(remote.settings.initialWindowSize).toBe(16 * MiB);
    expect(remote.settings.maxFrameSize).toBe(1 * MiB);
    // The server's WINDOW_UPDATE on stream 0 follows its SETTINGS: wait until it has arrived.
    for (let i = 0; i < 100 && (session.state.remoteWindowSize ?? 0) < 64 * MiB; i++) await new Promise((r) => setImmediate(r));
    expect(session.state.remoteWindowSize).toBe(64 * MiB);
    expect(logged).toEqual([]);
  });

  it('tunes every new connection, not only the first', async () => {
    const first = await connect(emulator.port);
    const second = await connect(emulator.port);
    await new Promise<void>((resolve) => first.session.close(() => resolve()));
    session = second.session;
    expect(second.settings.initialWindowSize).toBe(16 * MiB);
    expect(second.settings.maxFrameSize).toBe(1 * MiB);
  });
});

describe('HTTP/2 tuning without the grpc-js internals', () => {
  it('names what it could not find instead of silently doing nothing', () => {
    const lines: string[] = [];
    const bare = {} as Server;
    expect(applyHttp2Settings(bare, HTTP2_TUNING)).toBe('Server.commonServerOptions');
    expect(applyConnectionWindow(bare, HTTP2_TUNING, (line) => lines.push(line))).toBe('Server.http2Servers');
    // A server that has the map but bound nothing has nothing to tune either.
    expect(applyConnectionWindow({ http2Servers: new Map() } as unknown as Server, HTTP2_TUNING, (line) => lines.push(line))).toBe('Server.http2Servers');
    expect(lines).toEqual([]);
  });
});

describe('HTTP/2 tuning of any grpc-js server (the benchmarks\' sink uses it too)', () => {
  let server: Server;
  let session: http2.ClientHttp2Session | undefined;

  function listen(): Promise<number> {
    return new Promise((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
  }

  afterEach(async () => {
    if (session && !session.closed) await new Promise<void>((resolve) => session?.close(() => resolve()));
    session = undefined;
    server.forceShutdown();
  });

  it('applies other values than the emulator\'s', async () => {
    server = new Server();
    const tuning = { streamWindow: 2 * MiB, connectionWindow: 8 * MiB, maxFrameSize: 256 * 1024 };
    expect(applyHttp2Settings(server, tuning)).toBeUndefined();
    const port = await listen();
    expect(applyConnectionWindow(server, tuning, () => undefined)).toBeUndefined();
    const remote = await connect(port);
    session = remote.session;
    expect(remote.settings.initialWindowSize).toBe(2 * MiB);
    expect(remote.settings.maxFrameSize).toBe(256 * 1024);
    for (let i = 0; i < 100 && (session.state.remoteWindowSize ?? 0) < 8 * MiB; i++) await new Promise((r) => setImmediate(r));
    expect(session.state.remoteWindowSize).toBe(8 * MiB);
  });

  it('leaves a server without tuning (or with an empty one) at the HTTP/2 defaults', async () => {
    server = new Server();
    expect(applyHttp2Settings(server, {})).toBeUndefined();
    const port = await listen();
    expect(applyConnectionWindow(server, {}, () => undefined)).toBeUndefined();
    const remote = await connect(port);
    session = remote.session;
    expect(remote.settings.initialWindowSize).toBe(65_535);
    expect(remote.settings.maxFrameSize).toBe(16_384);
  });
});
