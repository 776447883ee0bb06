import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server that serves a fixed set of files by name, for image URLs. */
export interface SampleServer {
  url(name: string): string;
  close(): Promise<void>;
}

export async function startSampleServer(files: Record<string, { bytes: Uint8Array; contentType: string }>): Promise<SampleServer> {
  const server: Server = createServer((req, res) => {
    const file = files[decodeURIComponent((req.url ?? '/').slice(1))];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length }).end(file.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
