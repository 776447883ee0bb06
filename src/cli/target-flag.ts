import { badFlag } from './cli-error';

/**
 * `--target` as given: `host:port`, or a URL as the Python SDK takes it
 * (`https://api.clarifai.com`, port 443 by default; `http://` means plain text, port 80 by
 * default). Returns the gRPC target and whether the URL asked for plain text.
 */
export function parseTargetFlag(text: string): { target: string; plainText: boolean } {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { target: text, plainText: false };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badFlag('target', `not a valid URL: '${text}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badFlag('target', `expected host:port or an http(s):// URL, got '${text}'`);
  if (url.pathname !== '/' && url.pathname !== '') throw badFlag('target', `a gRPC endpoint has no path, got '${url.pathname}'`);
  const plainText = url.protocol === 'http:';
  return { target: `${url.hostname}:${url.port || (plainText ? '80' : '443')}`, plainText };
}
