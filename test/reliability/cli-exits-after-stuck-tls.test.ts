/**
 * Against a target that accepts TCP but never finishes the TLS handshake, the CLI prints its
 * DEADLINE_EXCEEDED error after --timeout and exits: grpc-js's close() does not abort a
 * handshake in progress, so the CLI must not wait for that socket.
 */
import net from 'node:net';
import { runCliProcess } from '../support/cli-process';

test('the CLI exits soon after its deadline even when a TLS handshake is stuck', async () => {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const started = Date.now();
    const run = await runCliProcess(['count', '--target', `localhost:${port}`, '--timeout', '1000'], { env: { CLARIFAI_PAT: 'k' }, timeoutMs: 10_000 });
    expect(run.stderr).toContain('DEADLINE_EXCEEDED');
    expect(run.signal).toBeNull(); // not killed by the 10 s guard
    expect(run.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
}, 20_000);
