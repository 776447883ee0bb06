/**
 * Child process: a TCP proxy that holds every chunk for `delayMs` in each direction, so a
 * loopback connection behaves like one with a round-trip time of 2 x `delayMs` (bandwidth is not
 * limited). Flow-control windows only matter when acknowledgements take time to come back: this
 * is how the benchmark shows what they do on a real network.
 */
import * as net from 'node:net';
import { runServerChild } from '../harness/child-protocol';

export interface DelayProxyTask {
  /** host:port to forward to. */
  upstream: string;
  delayMs: number;
}

/** Writes chunks to `to` in order, each `delayMs` after it arrived. */
function delayedPipe(from: net.Socket, to: net.Socket, delayMs: number): void {
  const queue: { due: number; chunk: Buffer }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const drain = () => {
    timer = undefined;
    const now = Date.now();
    while (queue.length > 0 && (queue[0] as { due: number }).due <= now) to.write((queue.shift() as { chunk: Buffer }).chunk);
    if (queue.length > 0) timer = setTimeout(drain, (queue[0] as { due: number }).due - now);
    else if (from.readableEnded) to.end();
  };
  from.on('data', (chunk: Buffer) => {
    queue.push({ due: Date.now() + delayMs, chunk });
    timer ??= setTimeout(drain, delayMs);
  });
  from.on('end', () => {
    if (queue.length === 0 && timer === undefined) to.end();
  });
}

function start(task: DelayProxyTask) {
  const [host, port] = [task.upstream.slice(0, task.upstream.lastIndexOf(':')), Number(task.upstream.slice(task.upstream.lastIndexOf(':') + 1))];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    delayedPipe(client, upstream, task.delayMs);
    delayedPipe(upstream, client, task.delayMs);
  });
  return new Promise<{ port: number; stop: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      resolve({
        port: address.port,
        stop: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

if (require.main === module) runServerChild(() => start(JSON.parse(process.argv[2] ?? '{}') as DelayProxyTask));
