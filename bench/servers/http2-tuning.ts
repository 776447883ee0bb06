/**
 * HTTP/2 flow-control settings for a grpc-js server. grpc-js 1.14 has no server option for them:
 * its `Server` builds the `http2.createServer` options in `commonServerOptions` (which only carries
 * `maxConcurrentStreams` in `settings`) and keeps the http2 servers in `http2Servers`. So this
 * reaches into both: settings before `bindAsync`, the connection window on every new session.
 * The same few lines are what we recommend for the emulator (see BENCHMARKS.md).
 */
import type { Server } from '@grpc/grpc-js';
import type * as http2 from 'node:http2';

export interface Http2Tuning {
  /** SETTINGS_INITIAL_WINDOW_SIZE the server advertises: how much a client may send per stream unacknowledged. */
  streamWindow?: number;
  /** The server's connection-level receive window (WINDOW_UPDATE on stream 0 when a session opens). */
  connectionWindow?: number;
  /** SETTINGS_MAX_FRAME_SIZE the server advertises: the largest DATA frame a client may send. */
  maxFrameSize?: number;
}

interface GrpcServerInternals {
  commonServerOptions?: http2.ServerOptions;
  http2Servers?: Map<http2.Http2Server, unknown>;
}

/** Call before `bindAsync`. */
export function applySettings(server: Server, tuning: Http2Tuning): void {
  const internals = server as unknown as GrpcServerInternals;
  if (internals.commonServerOptions === undefined) throw new Error('grpc-js Server has no commonServerOptions: tuning needs updating');
  const settings: http2.Settings = { ...internals.commonServerOptions.settings };
  if (tuning.streamWindow !== undefined) settings.initialWindowSize = tuning.streamWindow;
  if (tuning.maxFrameSize !== undefined) settings.maxFrameSize = tuning.maxFrameSize;
  internals.commonServerOptions.settings = settings;
}

/** Call after `bindAsync` has called back. */
export function applyConnectionWindow(server: Server, tuning: Http2Tuning): void {
  const size = tuning.connectionWindow;
  if (size === undefined) return;
  const internals = server as unknown as GrpcServerInternals;
  if (internals.http2Servers === undefined) throw new Error('grpc-js Server has no http2Servers: tuning needs updating');
  for (const http2Server of internals.http2Servers.keys()) {
    http2Server.on('session', (session: http2.ServerHttp2Session) => session.setLocalWindowSize(size));
  }
}
