import { execFile } from 'node:child_process';

export interface CurlAnswer {
  httpStatus: number;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: any;
  text: string;
}

/**
 * Runs the real `curl` with `args` (as a documentation example would) and returns the HTTP status
 * and the body. Async, so a server in this process keeps serving while curl waits.
 */
export function curl(args: string[], extra: string[] = []): Promise<CurlAnswer> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-sS', '-w', '\n%{http_code}', ...extra, ...args], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`curl failed: ${stderr || err.message}`));
      const cut = stdout.lastIndexOf('\n');
      const text = stdout.slice(0, cut);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      resolve({ httpStatus: Number(stdout.slice(cut + 1)), json, text });
    });
  });
}
