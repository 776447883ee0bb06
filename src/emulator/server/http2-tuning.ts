import type { Server } from '@grpc/grpc-js';
import type * as http2 from 'node:http2';

const MiB = 1024 * 1024;

/**
 * HTTP/2 flow control for fast uploads (measured in BENCHMARKS.md, "Server flow control"): how
 * much a client may send per stream before the server acknowledges, the server's connection
 * window, and the largest DATA frame. With grpc-js's defaults (64 KiB windows, 16 KiB frames) an
 * upload sends at most 64 KiB per round trip.
 */
export const HTTP2_TUNING = { streamWindow: 16 * MiB, connectionWindow: 64 * MiB, maxFrameSize: 1 * MiB } as const;

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
export function applyHttp2Settings(server: Server): string | undefined {
  const internals = server as unknown as GrpcServerInternals;
  const options = internals.commonServerOptions;
  if (typeof options !== 'object' || options === null) return 'Server.commonServerOptions';
  options.settings = { ...options.settings, initialWindowSize: HTTP2_TUNING.streamWindow, maxFrameSize: HTTP2_TUNING.maxFrameSize };
  return undefined;
}

/** After `bindAsync`: opens the connection window of every new session. Returns what it could not find. */
export function applyConnectionWindow(server: Server, log: (line: string) => void): string | undefined {
  const internals = server as unknown as GrpcServerInternals;
  const servers = internals.http2Servers;
  if (!(servers instanceof Map) || servers.size === 0) return 'Server.http2Servers';
  for (const http2Server of servers.keys()) {
    http2Server.on('session', (session: http2.ServerHttp2Session) => {
      try {
        if (!session.destroyed) session.setLocalWindowSize(HTTP2_TUNING.connectionWindow);
      } catch (err) {
        log(`emulator: could not open the HTTP/2 connection window: ${(err as Error).message}`);
      }
    });
  }
  return undefined;
}
