import type { Server } from '@grpc/grpc-js';
import type * as http2 from 'node:http2';

const MiB = 1024 * 1024;

/** HTTP/2 flow control of a grpc-js server; an unset field keeps grpc-js's default. */
export interface Http2Tuning {
  /** SETTINGS_INITIAL_WINDOW_SIZE the server advertises: how much a client may send per stream unacknowledged. */
  streamWindow?: number;
  /** The server's connection-level receive window (WINDOW_UPDATE on stream 0 when a session opens). */
  connectionWindow?: number;
  /** SETTINGS_MAX_FRAME_SIZE the server advertises: the largest DATA frame a client may send. */
  maxFrameSize?: number;
}

/**
 * The emulator's tuning, benchmarked as "tuned" (BENCHMARKS.md, "Server flow control"): a 16 MiB
 * stream window (a whole 128 x 64 KB batch in flight without waiting for a WINDOW_UPDATE), a
 * 64 MiB connection window, 1 MiB DATA frames. With grpc-js's defaults (64 KiB windows, 16 KiB
 * frames) an upload sends at most 64 KiB per round trip.
 */
export const HTTP2_TUNING = { streamWindow: 16 * MiB, connectionWindow: 64 * MiB, maxFrameSize: 1 * MiB } as const satisfies Http2Tuning;

/**
 * grpc-js 1.14 has no server option for these: its `Server` hands `commonServerOptions` to
 * `http2.createServer` at bind time and keeps the bound http2 servers in `http2Servers`. Both
 * are private, so each step reports whether it found them instead of silently doing nothing.
 */
interface GrpcServerInternals {
  commonServerOptions?: http2.ServerOptions;
  http2Servers?: Map<http2.Http2Server, unknown>;
}

/** Before `bindAsync`: the SETTINGS the server advertises. Returns what it could not find. */
export function applyHttp2Settings(server: Server, tuning: Http2Tuning): string | undefined {
  const internals = server as unknown as GrpcServerInternals;
  const options = internals.commonServerOptions;
  if (typeof options !== 'object' || options === null) return 'Server.commonServerOptions';
  const settings: http2.Settings = { ...options.settings };
  if (tuning.streamWindow !== undefined) settings.initialWindowSize = tuning.streamWindow;
  if (tuning.maxFrameSize !== undefined) settings.maxFrameSize = tuning.maxFrameSize;
  options.settings = settings;
  return undefined;
}

/** After `bindAsync`: opens the connection window of every new session. Returns what it could not find. */
export function applyConnectionWindow(server: Server, tuning: Http2Tuning, log: (line: string) => void): string | undefined {
  const size = tuning.connectionWindow;
  if (size === undefined) return undefined;
  const internals = server as unknown as GrpcServerInternals;
  const servers = internals.http2Servers;
  if (!(servers instanceof Map) || servers.size === 0) return 'Server.http2Servers';
  for (const http2Server of servers.keys()) {
    http2Server.on('session', (session: http2.ServerHttp2Session) => {
      try {
        if (!session.destroyed) session.setLocalWindowSize(size);
      } catch (err) {
        log(`could not open the HTTP/2 connection window: ${(err as Error).message}`);
      }
    });
  }
  return undefined;
}
