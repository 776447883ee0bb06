import http from 'node:http';
import https from 'node:https';

export interface DownloadLimits {
  /** Whole download, redirects included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export type DownloadResult =
  | { ok: true; bytes: Buffer; contentType: string; finalUrl: string }
  /** `aborted`: the emulator is stopping; the input goes back to pending. */
  | { ok: false; reason: string; aborted?: boolean };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

class DownloadFailure extends Error {}

/** One GET, without following redirects. */
function get(url: URL, limits: DownloadLimits, signal: AbortSignal): Promise<{ status: number; location?: string; contentType: string; bytes: Buffer }> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(url, { signal, headers: { 'user-agent': 'clarifai-inputs-emulator', accept: '*/*' } }, (res) => {
      const status = res.statusCode ?? 0;
      const contentType = String(res.headers['content-type'] ?? '');
      if (REDIRECTS.has(status) || status < 200 || status >= 300) {
        res.resume();
        resolve({ status, contentType, bytes: Buffer.alloc(0), ...(res.headers.location ? { location: res.headers.location } : {}) });
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        res.destroy();
        reject(new DownloadFailure(`too large: ${url.href} declares ${declared} bytes; the limit is ${limits.maxBytes}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          res.destroy();
          reject(new DownloadFailure(`too large: ${url.href} sent more than ${limits.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status, contentType, bytes: Buffer.concat(chunks, size) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * Downloads `url` with node:http/https: follows up to `maxRedirects` redirects, gives up after
 * `timeoutMs` in all, and stops reading past `maxBytes`. Never throws: a failure says why.
 */
export async function download(url: string, limits: DownloadLimits, stop: AbortSignal): Promise<DownloadResult> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), limits.timeoutMs);
  const signal = AbortSignal.any([stop, timeout.signal]);
  let current = new URL(url);
  try {
    for (let redirects = 0; ; redirects++) {
      const res = await get(current, limits, signal);
      if (REDIRECTS.has(res.status) && res.location) {
        if (redirects >= limits.maxRedirects) return { ok: false, reason: `too many redirects: more than ${limits.maxRedirects} from ${url}` };
        const next = new URL(res.location, current);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') return { ok: false, reason: `redirect to a non-http URL ${next.href} from ${url}` };
        current = next;
        continue;
      }
      if (res.status < 200 || res.status >= 300) return { ok: false, reason: `HTTP ${res.status} ${http.STATUS_CODES[res.status] ?? ''} from ${current.href}`.replace('  ', ' ') };
      return { ok: true, bytes: res.bytes, contentType: res.contentType, finalUrl: current.href };
    }
  } catch (err) {
    if (stop.aborted) return { ok: false, reason: 'the emulator stopped during the download', aborted: true };
    if (timeout.signal.aborted) return { ok: false, reason: `timed out after ${limits.timeoutMs} ms downloading ${url}` };
    if (err instanceof DownloadFailure) return { ok: false, reason: err.message };
    const code = (err as { code?: string }).code;
    return { ok: false, reason: `download of ${current.href} failed: ${code ? `${code} ` : ''}${(err as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}
