import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HOSTED_SIZE } from '../store/input-row';

export interface HostedServer {
  /** `prefix` of hosted URLs: `<prefix>/<size>/<token>` serves the bytes. */
  prefix: string;
  close(): Promise<void>;
}

export type BlobReader = (token: string) => { contentType: string; bytes: Buffer } | undefined;

/**
 * A loopback HTTP server that serves stored bytes at `/hosted/orig/<token>` (GET and HEAD);
 * unknown or deleted tokens get 404.
 */
export async function startHostedServer(host: string, port: number, read: BlobReader): Promise<HostedServer> {
  const path = new RegExp(`^/hosted/${HOSTED_SIZE}/([0-9a-f]{32})$`);
  const server = http.createServer((req, res) => {
    const match = path.exec((req.url ?? '').split('?')[0] ?? '');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let blob: ReturnType<BlobReader>;
    try {
      blob = match ? read(match[1] as string) : undefined;
    } catch {
      res.writeHead(503).end();
      return;
    }
    if (!blob) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': blob.contentType, 'content-length': blob.bytes.length, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : blob.bytes);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    prefix: `http://${urlHost}:${address.port}/hosted`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
