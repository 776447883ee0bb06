/**
 * One unary gRPC call over Node's own http2, without grpc-js: the direct transport of PostInputs.
 *
 * Why our own code here: grpc-js frames every request by copying it into a freshly allocated
 * buffer (`Buffer.allocUnsafe(length + 5)` in its compression filter), and for an 8 MB batch of
 * images that copy, with the page faults of fresh memory, cost more client CPU than everything
 * else the facade does (BENCHMARKS.md, finding 3). Here the 5-byte gRPC frame header and the
 * encoded request go to the stream as two writes, so the request bytes are never copied in
 * JavaScript. Everything else follows the gRPC over HTTP/2 protocol as grpc-js does: the same
 * headers, `grpc-timeout`, status from trailers (or a trailers-only answer), the HTTP-to-gRPC
 * status mapping, and errors shaped like grpc-js's `ServiceError`, so the retry layer and error
 * messages cannot tell the two apart. Only PostInputs uses it, and only when nothing asks for
 * grpc-js itself (direct-transport.ts).
 */
import { constants as h2, type IncomingHttpHeaders } from 'node:http2';
import { Metadata, type ServiceError, status as GrpcStatus } from '@grpc/grpc-js';
import { ClarifaiAbortError } from '../../errors';
import type { Status } from '../../../generated/clarifai/api/status/status.pb';
import type { RpcMethod } from '../methods';
import { wrapGrpcError } from '../unary-call';
import type { DirectConnection } from './direct-connection';
import { decodeGrpcMessage, grpcStatusOfHttp, grpcStatusOfReset, grpcTimeoutHeader } from './grpc-status-of';

export interface DirectCallOptions {
  deadline: Date;
  signal?: AbortSignal | undefined;
  userAgent: string;
  maxSendMessageLength: number;
  maxReceiveMessageLength: number;
}

/** Requests up to this size are framed by copying (one DATA frame); bigger ones are written as they are. */
const SMALL_REQUEST = 16 * 1024;

/** An error shaped as grpc-js's, for `wrapGrpcError`. */
function serviceError(code: GrpcStatus, details: string, metadata: Metadata = new Metadata()): ServiceError {
  return Object.assign(new Error(`${code} ${GrpcStatus[code]}: ${details}`), { code, details, metadata });
}

/** The gRPC length-prefixed frame header: not compressed, then the length, big-endian. */
function frameHeader(length: number): Buffer {
  const header = Buffer.allocUnsafe(5);
  header.writeUInt8(0, 0);
  header.writeUInt32BE(length, 1);
  return header;
}

/** The one message of a unary answer, out of the DATA the stream received. */
function onlyMessage(chunks: Buffer[], total: number): Buffer | ServiceError {
  const data = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  if (data.length === 0) return serviceError(GrpcStatus.UNIMPLEMENTED, 'No message received');
  if (data.readUInt8(0) !== 0) return serviceError(GrpcStatus.INTERNAL, 'Received a compressed message, though only identity encoding was accepted');
  const length = data.length < 5 ? Number.POSITIVE_INFINITY : data.readUInt32BE(1);
  if (data.length < 5 + length) return serviceError(GrpcStatus.INTERNAL, 'Incomplete message frame');
  if (data.length > 5 + length) return serviceError(GrpcStatus.UNIMPLEMENTED, 'Too many responses received');
  return data.subarray(5);
}

/**
 * Sends `request` and resolves with the decoded answer; rejects as `unaryCall` does: a
 * `ClarifaiTransportError` around a grpc-js shaped error, or a `ClarifaiAbortError` when `signal` aborts.
 */
export function directUnaryCall<Req, Res extends { status?: Status | undefined }>(
  connection: DirectConnection,
  method: RpcMethod<Req, Res>,
  request: Req,
  metadata: Metadata,
  options: DirectCallOptions,
): Promise<Res> {
  const { signal } = options;
  if (signal?.aborted === true) return Promise.reject(new ClarifaiAbortError(method.name, signal.reason));
  return new Promise<Res>((resolve, rejectWith) => {
    const reject = (error: ServiceError | ClarifaiAbortError): void =>
      rejectWith(error instanceof ClarifaiAbortError ? error : wrapGrpcError(method, error, signal));
    const body = method.serialize(request);
    if (body.length > options.maxSendMessageLength) {
      reject(serviceError(GrpcStatus.RESOURCE_EXHAUSTED, `Sent message larger than max (${body.length} vs. ${options.maxSendMessageLength})`));
      return;
    }
    const remainingMs = options.deadline.getTime() - Date.now();
    if (remainingMs <= 0) {
      reject(serviceError(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded before the call was sent'));
      return;
    }
    let stream: ReturnType<DirectConnection['request']>;
    try {
      stream = connection.request({
        ...metadata.toHttp2Headers(),
        [h2.HTTP2_HEADER_METHOD]: 'POST',
        [h2.HTTP2_HEADER_PATH]: method.path,
        [h2.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
        [h2.HTTP2_HEADER_TE]: 'trailers',
        [h2.HTTP2_HEADER_USER_AGENT]: options.userAgent,
        'grpc-accept-encoding': 'identity',
        'grpc-timeout': grpcTimeoutHeader(remainingMs),
      });
    } catch (error) {
      reject(serviceError(GrpcStatus.UNAVAILABLE, `No connection: ${(error as Error).message}`));
      return;
    }

    let httpStatus: number | undefined;
    let grpcStatus: { code: GrpcStatus; details: string; metadata: Metadata } | undefined;
    let networkError: Error | undefined;
    // grpc-js words a failure to connect differently from a connection lost mid-call.
    const session = stream.session;
    const chunks: Buffer[] = [];
    let received = 0;
    /** The message length the answer's frame header declares, once its first 5 bytes are in. */
    let declared: number | undefined;

    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    /** Ends the call now (deadline, abort, an answer too big) and cancels the stream. */
    const end = (error: ServiceError | ClarifaiAbortError): void => {
      settle(() => reject(error));
      // A stream still waiting for its connection (a TLS handshake that never ends) only closes
      // once connected: destroy it instead.
      if (stream.pending) stream.destroy();
      else if (!stream.closed) stream.close(h2.NGHTTP2_CANCEL);
    };
    const timer = setTimeout(() => end(serviceError(GrpcStatus.DEADLINE_EXCEEDED, `Deadline exceeded after ${Math.round(remainingMs)} ms`)), remainingMs);
    const onAbort = (): void => end(new ClarifaiAbortError(method.name, signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });

    const statusFrom = (headers: IncomingHttpHeaders): void => {
      const raw = headers['grpc-status'];
      if (raw === undefined) return;
      const message = headers['grpc-message'];
      const details = typeof message === 'string' ? decodeGrpcMessage(message) : '';
      let trailing: Metadata;
      try {
        trailing = Metadata.fromHttp2Headers(headers);
        trailing.remove('grpc-status');
        trailing.remove('grpc-message');
      } catch {
        trailing = new Metadata();
      }
      grpcStatus = { code: Number(raw) as GrpcStatus, details, metadata: trailing };
    };

    stream.on('response', (headers, flags) => {
      httpStatus = Number(headers[h2.HTTP2_HEADER_STATUS]);
      if ((flags & h2.NGHTTP2_FLAG_END_STREAM) !== 0) statusFrom(headers);
    });
    stream.on('trailers', (headers) => statusFrom(headers));
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      chunks.push(chunk);
      // As grpc-js: refused by the length its frame header declares, as soon as that is read (a
      // body that is not a gRPC answer, a 503's text say, has no frame header to read).
      if (declared === undefined && received >= 5 && httpStatus === 200) declared = Buffer.concat(chunks, 5).readUInt32BE(1);
      if ((declared !== undefined && declared > options.maxReceiveMessageLength) || received > options.maxReceiveMessageLength + 5) {
        end(serviceError(GrpcStatus.RESOURCE_EXHAUSTED, `Received message larger than max (${Math.max(declared ?? 0, received - 5)} vs ${options.maxReceiveMessageLength})`));
      }
    });
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // A reset by the server is read from rstCode at close; anything else is the connection. A
      // stream cancelled because its session failed names the session's error as its cause.
      if (error.code === 'ERR_HTTP2_STREAM_ERROR') return;
      const cause = error.cause as Error | undefined;
      networkError = error.code === 'ERR_HTTP2_STREAM_CANCEL' && typeof cause?.message === 'string' ? cause : error;
    });
    stream.on('close', () => settle(() => {
      if (grpcStatus !== undefined) {
        if (grpcStatus.code !== GrpcStatus.OK) return reject(serviceError(grpcStatus.code, grpcStatus.details, grpcStatus.metadata));
        const message = onlyMessage(chunks, received);
        if (!Buffer.isBuffer(message)) return reject(message);
        try {
          return resolve(method.deserialize(message));
        } catch (error) {
          return reject(serviceError(GrpcStatus.INTERNAL, `Response message parsing error: ${(error as Error).message}`));
        }
      }
      if (networkError !== undefined) {
        const details = connection.hasConnected(session)
          ? `Connection dropped: ${networkError.message}`
          : `No connection established. Last error: ${String(networkError)}`;
        return reject(serviceError(GrpcStatus.UNAVAILABLE, details));
      }
      if (httpStatus !== undefined && httpStatus !== 200) {
        return reject(serviceError(grpcStatusOfHttp(httpStatus), `Received HTTP status code ${httpStatus}`));
      }
      if (stream.rstCode === h2.NGHTTP2_NO_ERROR) {
        return reject(serviceError(GrpcStatus.INTERNAL, `Received RST_STREAM with code 0 (Call ended without gRPC status)`));
      }
      const reset = grpcStatusOfReset(stream.rstCode ?? h2.NGHTTP2_INTERNAL_ERROR);
      reject(serviceError(reset.code, reset.details));
    }));

    // Node sends each write as its own DATA frame: a small request goes as one.
    if (body.length <= SMALL_REQUEST) {
      stream.end(Buffer.concat([frameHeader(body.length), body]));
    } else {
      stream.write(frameHeader(body.length));
      stream.end(body);
    }
  });
}
