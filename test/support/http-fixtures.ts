import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sampleBmp, sampleGif, sampleJpeg, samplePng, sampleTiff, sampleWebp } from '../../src/emulator/samples/sample-images';

export { sampleBmp, sampleGif, sampleJpeg, samplePng, sampleTiff, sampleWebp };

/**
 * A loopback HTTP server for image-URL tests and the demo:
 * - `/img/<png|jpeg|gif|webp|bmp|tiff>?w=&h=&seed=` a tiny image of that size;
 * - `/status/<code>` answers that HTTP status;
 * - `/slow?ms=` an image after `ms` milliseconds;
 * - `/html` a page that is not an image;
 * - `/big?bytes=&length=1` that many bytes (a PNG signature then zeros), with content-length
 *   when `length=1`, streamed without it otherwise;
 * - `/redirect?n=&to=` n redirects, then `to`;
 * - `/gate/<name>` held until `release(name)`; `waiting(name)` resolves when a request is held.
 * `hits` counts requests per path; `hitCount(path, n)` waits for the n-th. `close()` ends held requests and timers.
 */
export interface HttpFixtures {
  baseUrl: string;
  url(path: string): string;
  hits: Map<string, number>;
  release(name: string, body?: Buffer): void;
  waiting(name: string): Promise<void>;
  /** Resolves once `path` has been requested `n` times in all. */
  hitCount(path: string, n: number): Promise<void>;
  close(): Promise<void>;
}

const makers: Record<string, (w: number, h: number, seed: number) => Buffer> = {
  png: samplePng,
  jpeg: sampleJpeg,
  gif: sampleGif,
  webp: (w, h, seed) => sampleWebp(w, h, seed),
  bmp: sampleBmp,
  tiff: sampleTiff,
};
const mimes: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp', tiff: 'image/tiff' };

export async function startHttpFixtures(): Promise<HttpFixtures> {
  const timers = new Set<NodeJS.Timeout>();
  const gates = new Map<string, http.ServerResponse[]>();
  const gateWaiters = new Map<string, (() => void)[]>();
  const hits = new Map<string, number>();
  const hitWaiters: { path: string; n: number; resolve: () => void }[] = [];
  const notifyHits = () => {
    for (const w of [...hitWaiters]) {
      if ((hits.get(w.path) ?? 0) >= w.n) {
        hitWaiters.splice(hitWaiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const q = (k: string, d: number) => Number(url.searchParams.get(k) ?? d);
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    setImmediate(notifyHits);
    const parts = url.pathname.split('/').filter(Boolean);
    const [head, arg] = parts;
    if (head === 'img' && arg && makers[arg]) {
      res.writeHead(200, { 'content-type': mimes[arg] as string }).end(makers[arg](q('w', 2), q('h', 2), q('seed', 0)));
    } else if (head === 'status') {
      res.writeHead(Number(arg)).end(`status ${arg}\n`);
    } else if (head === 'slow') {
      const t = setTimeout(() => {
        timers.delete(t);
        res.writeHead(200, { 'content-type': 'image/png' }).end(samplePng(3, 3));
      }, q('ms', 1000));
      timers.add(t);
    } else if (head === 'html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>not an image</body></html>');
    } else if (head === 'big') {
      const size = q('bytes', 1024);
      const body = Buffer.alloc(size);
      samplePng(1, 1).copy(body, 0, 0, 8);
      if (url.searchParams.get('length') === '1') res.writeHead(200, { 'content-type': 'image/png', 'content-length': size });
      else res.writeHead(200, { 'content-type': 'image/png' });
      res.end(body);
    } else if (head === 'redirect') {
      const n = q('n', 1);
      const to = url.searchParams.get('to') ?? '/img/png';
      const next = n <= 1 ? to : `/redirect?n=${n - 1}&to=${encodeURIComponent(to)}`;
      res.writeHead(302, { location: next }).end();
    } else if (head === 'gate' && arg) {
      gates.set(arg, [...(gates.get(arg) ?? []), res]);
      // A caller that gives up (aborts) leaves the gate.
      res.on('close', () => {
        const left = (gates.get(arg) ?? []).filter((r) => r !== res);
        if (left.length > 0) gates.set(arg, left);
        else gates.delete(arg);
      });
      for (const w of gateWaiters.get(arg) ?? []) w();
      gateWaiters.delete(arg);
    } else {
      res.writeHead(404).end('no such fixture\n');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    url: (path) => `${baseUrl}${path}`,
    hits,
    release(name, body = samplePng(4, 4)) {
      for (const res of gates.get(name) ?? []) res.writeHead(200, { 'content-type': 'image/png' }).end(body);
      gates.delete(name);
    },
    waiting(name) {
      if ((gates.get(name) ?? []).length > 0) return Promise.resolve();
      return new Promise((resolve) => gateWaiters.set(name, [...(gateWaiters.get(name) ?? []), resolve]));
    },
    hitCount(path, n) {
      if ((hits.get(path) ?? 0) >= n) return Promise.resolve();
      return new Promise((resolve) => hitWaiters.push({ path, n, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** GETs a URL (e.g. a hosted one) and returns its status, content type and body. */
export function fetchUrl(url: string): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** The address of a hosted copy: prefix/size/suffix, at its first size. */
export const hostedUrl = (hosted: { prefix: string; suffix: string; sizes: string[] } | undefined): string =>
  `${hosted!.prefix}/${hosted!.sizes[0]}/${hosted!.suffix}`;
