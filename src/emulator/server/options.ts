import type { FaultOptions, ResolvedFaults } from '../faults/fault-options';
import { resolveFaults } from '../faults/fault-options';
import { idProblem } from '../service/ids';
import type { ReceivedCall } from './received-call';

/**
 * `FULL` syncs the WAL on every commit; `NORMAL` only at checkpoints (see docs/emulator.md). Defined
 * here, not next to the database code, so the public declarations never import better-sqlite3's types.
 */
export type SyncMode = 'FULL' | 'NORMAL';

/** How to run an emulator. Only `apiKeys` is required. */
export interface EmulatorOptions extends FaultOptions {
  /** Keys accepted in `authorization: Key <key>`; each acts for `userId`. */
  apiKeys: string[];
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * Serve gRPC and REST over TLS: `true` makes a CA and a certificate for localhost, 127.0.0.1
   * and ::1 at start (needs `selfsigned`, an optional peer dependency) and writes the CA to
   * `RunningEmulator.tlsCaFile`; `{ cert, key }` (PEM) uses yours. Default: plain text.
   */
  tls?:
    | boolean
    | {
        /** The certificate chain, PEM. */
        cert: string;
        /** Its private key, PEM. */
        key: string;
      };
  /** Port of the REST/JSON gateway on the same host; 0 picks a free one. Default: no REST gateway. */
  restPort?: number;
  /** SQLite file, or `:memory:` (the default) for a database that lives as long as the emulator. */
  db?: string;
  /** The user every key acts for. Default `local`. */
  userId?: string;
  /** The app used when a request has no user_app_id. Default `main`. */
  appId?: string;
  /** Inputs processed (downloaded, checked) at the same time. Default 8. */
  processingConcurrency?: number;
  /** Whole-download time limit for URL inputs, in ms. Default 10000. */
  downloadTimeoutMs?: number;
  /** Largest input, uploaded or downloaded, in bytes. Default 20 MiB. */
  maxInputBytes?: number;
  /** Redirects followed per download. Default 5. */
  maxRedirects?: number;
  /** SQLite `synchronous` for requests: `FULL` (default) or `NORMAL`. See README. */
  sync?: SyncMode;
  /** Port of the loopback HTTP server for hosted bytes; 0 (default) picks one. */
  hostedPort?: number;
  /** How long `close()` lets in-flight calls finish before cutting them, in ms. Default 10000. */
  shutdownGraceMs?: number;
  /**
   * How PostInputs requests are received: `'http2'` (the default) reads them off the HTTP/2 stream
   * into reused memory, `'grpc-js'` leaves them to grpc-js like every other method. Clients see
   * the same answers either way; `'http2'` costs less CPU per uploaded byte (docs/emulator.md).
   */
  uploadTransport?: 'http2' | 'grpc-js';
  /** Receives one line per internal error. API keys never appear in it. Default: silent. */
  log?: (line: string) => void;
  /**
   * Called as each V2 call arrives, before latency, faults and auth, with a promise that settles
   * when it is answered. For tests and tools that must know a call is in flight.
   */
  onCallReceived?: (call: ReceivedCall) => void;
}

export interface ResolvedOptions {
  apiKeys: Set<string>;
  port: number;
  host: string;
  restPort: number | undefined;
  tls: false | true | { cert: string; key: string };
  db: string;
  userId: string;
  appId: string;
  processingConcurrency: number;
  downloadTimeoutMs: number;
  maxInputBytes: number;
  maxRedirects: number;
  sync: SyncMode;
  hostedPort: number;
  shutdownGraceMs: number;
  uploadTransport: 'http2' | 'grpc-js';
  log: (line: string) => void;
  onCallReceived: ((call: ReceivedCall) => void) | undefined;
  faults: ResolvedFaults;
}

function fail(option: string, expected: string, got: unknown): never {
  throw new TypeError(`startEmulator: option \`${option}\` must be ${expected}, got ${JSON.stringify(got) ?? String(got)}`);
}

function integer(option: string, value: unknown, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(option, `an integer from ${min} to ${max}`, v);
  return v;
}

function name(option: string, value: unknown, fallback: string): string {
  const v = value ?? fallback;
  if (typeof v !== 'string' || idProblem(v) !== undefined) fail(option, 'an id of letters, digits, "_", "-", "." or ":"', v);
  return v;
}

/** Checks every option and fills in defaults; a bad value throws a TypeError naming the option. */
export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('startEmulator: options must be an object with at least `apiKeys`');
  const keys = options.apiKeys;
  if (!Array.isArray(keys) || keys.length === 0) throw new TypeError('startEmulator: option `apiKeys` must be a non-empty array of keys');
  keys.forEach((key, i) => {
    // The key itself is never echoed back: only its position.
    if (typeof key !== 'string' || key.length === 0 || /\s/.test(key)) {
      throw new TypeError(`startEmulator: option \`apiKeys[${i}]\` must be a non-empty string without spaces`);
    }
  });
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.length === 0) fail('host', 'a host name or address', host);
  const db = options.db ?? ':memory:';
  if (typeof db !== 'string' || db.length === 0) fail('db', 'a file path or ":memory:"', db);
  const sync = options.sync ?? 'FULL';
  if (sync !== 'FULL' && sync !== 'NORMAL') fail('sync', '"FULL" or "NORMAL"', sync);
  const log = options.log ?? (() => undefined);
  if (typeof log !== 'function') fail('log', 'a function', log);
  const tls = options.tls ?? false;
  if (typeof tls !== 'boolean' && (typeof tls !== 'object' || tls === null || typeof tls.cert !== 'string' || typeof tls.key !== 'string')) {
    throw new TypeError('startEmulator: option `tls` must be true, false or { cert, key } with PEM strings');
  }
  const uploadTransport = options.uploadTransport ?? 'http2';
  if (uploadTransport !== 'http2' && uploadTransport !== 'grpc-js') fail('uploadTransport', '"http2" or "grpc-js"', uploadTransport);
  const onCallReceived = options.onCallReceived;
  if (onCallReceived !== undefined && typeof onCallReceived !== 'function') fail('onCallReceived', 'a function', onCallReceived);
  return {
    apiKeys: new Set(keys),
    port: integer('port', options.port, 0, 0, 65535),
    host,
    tls,
    restPort: options.restPort === undefined ? undefined : integer('restPort', options.restPort, 0, 0, 65535),
    db,
    userId: name('userId', options.userId, 'local'),
    appId: name('appId', options.appId, 'main'),
    processingConcurrency: integer('processingConcurrency', options.processingConcurrency, 8, 1, 1024),
    downloadTimeoutMs: integer('downloadTimeoutMs', options.downloadTimeoutMs, 10_000, 1, 3_600_000),
    maxInputBytes: integer('maxInputBytes', options.maxInputBytes, 20 * 1024 * 1024, 1, 128 * 1024 * 1024),
    maxRedirects: integer('maxRedirects', options.maxRedirects, 5, 0, 20),
    sync,
    hostedPort: integer('hostedPort', options.hostedPort, 0, 0, 65535),
    shutdownGraceMs: integer('shutdownGraceMs', options.shutdownGraceMs, 10_000, 0, 3_600_000),
    uploadTransport,
    log,
    onCallReceived,
    faults: resolveFaults(options),
  };
}
