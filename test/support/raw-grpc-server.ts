/**
 * A bare HTTP/2 server on 127.0.0.1:0 that answers PostInputs the way a test scripts it, at the
 * level grpc-js hides: HTTP statuses, trailers-only answers, stream resets, GOAWAY, oversized or
 * never-sent answers. It records each PostInputs request's headers and decoded body; any other
 * call (the client's ListInputs check after a failed batch) gets an empty SUCCESS page. For the
 * direct transport's tests (test/client/direct-transport.test.ts).
 */
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { MultiInputResponse, PostInputsRequest } from '../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { grpcFrame } from './raw-grpc-call';

export type RawAction =
  /** A SUCCESS answer naming every input of the request. */
  | { ok: true; goawayAfter?: boolean }
  /** An HTTP status with a plain body and no gRPC status. */
  | { http: number }
  /** A trailers-only answer: the gRPC status in the response headers. */
  | { grpcStatus: number; grpcMessage?: string }
  /** RST_STREAM with this HTTP/2 error code, once the request is read. */
  | { reset: number }
  /** A SUCCESS answer padded to about this many bytes. */
  | { answerBytes: number }
  /** Read the request, answer nothing. */
  | { hang: true };

export interface RawRequest {
  headers: http2.IncomingHttpHeaders;
  ids: string[];
  bodyBytes: number;
}

export interface RawGrpcServer {
  target: string;
  requests: RawRequest[];
  /** Resolves once `n` requests have arrived in all. */
  requestCount(n: number): Promise<void>;
  sessions: number;
  close(): Promise<void>;
}

export interface RawServerOptions {
  /** Reads nothing of the `arrival`-th stream (1-based, any method) for this many ms, so its bytes wait in the client. */
  holdReadingMs?: (arrival: number) => number;
}

export async function startRawGrpcServer(script: (n: number) => RawAction, options: RawServerOptions = {}): Promise<RawGrpcServer> {
  const requests: RawRequest[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const sessions = new Set<http2.ServerHttp2Session>();
  let sessionCount = 0;
  const server = http2.createServer();
  server.on('session', (session) => {
    sessionCount++;
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  });
  let arrivals = 0;
  const holds = new Set<NodeJS.Timeout>();
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    const session = stream.session;
    const holdMs = options.holdReadingMs?.(++arrivals) ?? 0;
    if (holdMs > 0) {
      stream.pause();
      const hold = setTimeout(() => {
        holds.delete(hold);
        stream.resume();
      }, holdMs);
      holds.add(hold);
    }
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const body = Buffer.concat(chunks);
      if (headers[':path'] !== '/clarifai.api.V2/PostInputs') {
        const empty = MultiInputResponse.encode(MultiInputResponse.fromPartial({ status: { code: StatusCode.SUCCESS } })).finish();
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        return stream.end(grpcFrame(empty));
      }
      const request = body.length >= 5 ? PostInputsRequest.decode(body.subarray(5)) : PostInputsRequest.fromPartial({});
      const ids = request.inputs.map((input) => input.id);
      requests.push({ headers, ids, bodyBytes: body.length });
      for (const waiter of waiters.filter((w) => requests.length >= w.n)) waiter.resolve();
      const action = script(requests.length);
      if ('hang' in action) return;
      if ('reset' in action) return stream.close(action.reset);
      if ('http' in action) {
        stream.respond({ ':status': action.http, 'content-type': 'text/plain' });
        return stream.end('not a gRPC answer');
      }
      if ('grpcStatus' in action) {
        const trailersOnly: http2.OutgoingHttpHeaders = { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(action.grpcStatus) };
        if (action.grpcMessage !== undefined) trailersOnly['grpc-message'] = action.grpcMessage;
        return stream.respond(trailersOnly, { endStream: true });
      }
      const padding = 'answerBytes' in action ? 'x'.repeat(action.answerBytes) : '';
      const answer = MultiInputResponse.encode(
        MultiInputResponse.fromPartial({
          status: { code: StatusCode.SUCCESS, description: 'Ok', details: padding },
          inputs: ids.map((id) => ({ id, status: { code: StatusCode.INPUT_DOWNLOAD_PENDING } })),
        }),
      ).finish();
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0', 'grpc-message': 'OK' }));
      stream.end(grpcFrame(answer));
      if ('ok' in action && action.goawayAfter === true) stream.on('close', () => session?.goaway());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    target: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    requestCount: (n) => (requests.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
    get sessions() {
      return sessionCount;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const hold of holds) clearTimeout(hold);
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}
