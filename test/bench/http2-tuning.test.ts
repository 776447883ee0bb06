/**
 * The server tuning the benchmarks recommend reaches the wire: a client sees the advertised
 * stream window and frame size, and the larger connection window lets it send past 64 KiB
 * before any stream is read. It relies on grpc-js internals, so a grpc-js upgrade that moves
 * them fails here first.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import * as http2 from 'node:http2';
import { applyConnectionWindow, applySettings } from '../../bench/servers/http2-tuning';

const MiB = 1024 * 1024;

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
  );
}

function remoteSettings(port: number): Promise<{ settings: http2.Settings; session: http2.ClientHttp2Session }> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  return new Promise((resolve, reject) => {
    session.once('error', reject);
    session.once('remoteSettings', (settings) => resolve({ settings, session }));
  });
}

describe('bench/servers/http2-tuning', () => {
  let server: Server;
  let session: http2.ClientHttp2Session | undefined;

  afterEach(async () => {
    if (session) await new Promise<void>((resolve) => session?.close(() => resolve()));
    session = undefined;
    server.forceShutdown();
  });

  it('advertises the stream window and frame size, and opens the connection window', async () => {
    server = new Server();
    const tuning = { streamWindow: 16 * MiB, connectionWindow: 64 * MiB, maxFrameSize: 1 * MiB };
    applySettings(server, tuning);
    const port = await listen(server);
    applyConnectionWindow(server, tuning);
    const remote = await remoteSettings(port);
    session = remote.session;
    expect(remote.settings.initialWindowSize).toBe(16 * MiB);
    expect(remote.settings.maxFrameSize).toBe(1 * MiB);
    // The server's WINDOW_UPDATE on stream 0 follows its SETTINGS; wait for the window to open.
    for (let i = 0; i < 100 && (session.state.remoteWindowSize ?? 0) < 64 * MiB; i++) await new Promise((r) => setImmediate(r));
    expect(session.state.remoteWindowSize).toBe(64 * MiB);
  });

  it('leaves a server without tuning at the HTTP/2 defaults', async () => {
    server = new Server();
    const port = await listen(server);
    const remote = await remoteSettings(port);
    session = remote.session;
    expect(remote.settings.initialWindowSize).toBe(65_535);
    expect(remote.settings.maxFrameSize).toBe(16_384);
  });
});
