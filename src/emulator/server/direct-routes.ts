import type { Server } from '@grpc/grpc-js';
import type * as http2 from 'node:http2';
import { directMethodFor, serveDirectUnary, type AnswerStatus, type DirectLimits, type DirectMethod } from './direct-unary';
import { ReceiveBuffers } from './receive-buffers';

// Each direct method has its own request and response types; the table holds them side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDirectMethod = DirectMethod<any, any>;

type StreamListener = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, flags: number, rawHeaders: string[]) => void;

/** grpc-js 1.14 keeps its bound http2 servers here (private; see http2-tuning.ts). */
interface GrpcServerInternals {
  http2Servers?: Map<http2.Http2Server, unknown>;
}

/**
 * After `bindAsync`: the calls of `methods` are served by `serveDirectUnary`, every other stream
 * still by grpc-js. grpc-js listens for each new HTTP/2 stream with one 'stream' listener per
 * bound server; that listener is put behind ours, which hands it every stream that is not ours.
 * Returns what it could not find in grpc-js (then grpc-js serves everything, as before).
 */
export function routeDirectMethods(server: Server, methods: AnyDirectMethod[], limits: DirectLimits, statusOf: (err: unknown) => AnswerStatus): string | undefined {
  if (methods.length === 0) return undefined;
  const servers = (server as unknown as GrpcServerInternals).http2Servers;
  if (!(servers instanceof Map) || servers.size === 0) return 'Server.http2Servers';
  const found = [...servers.keys()].map((s) => [s, s.listeners('stream')] as const);
  if (found.some(([, listeners]) => listeners.length !== 1)) return "a single 'stream' listener per http2 server";
  const byPath = new Map(methods.map((m) => [m.path, m]));
  const buffers = new ReceiveBuffers();
  for (const [http2Server, [grpcJs]] of found) {
    const theirs = grpcJs as StreamListener;
    http2Server.removeListener('stream', theirs);
    const ours: StreamListener = (stream, headers, flags, rawHeaders) => {
      const method = directMethodFor(headers, byPath);
      if (method === undefined) theirs.call(http2Server, stream, headers, flags, rawHeaders);
      else serveDirectUnary(stream, headers, method, buffers, limits, statusOf);
    };
    http2Server.on('stream', ours);
  }
  return undefined;
}
