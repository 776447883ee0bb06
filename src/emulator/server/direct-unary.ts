/**
 * One unary call served straight off grpc-js's HTTP/2 stream, without grpc-js's call machinery:
 * how the emulator receives PostInputs.
 *
 * Why our own code here: grpc-js gathers a request's DATA chunks and copies them with
 * `Buffer.concat` into a fresh buffer the size of the message, and for 8 MB batches of images
 * that copy, with the page faults and garbage collection of fresh memory, was the largest cost of
 * an upload into the emulator (receive-buffers.ts). Here the chunks are copied into reusable
 * memory instead (incoming-message.ts). Everything a client can see follows grpc-js's server:
 * the same response headers and trailers, `grpc-timeout`, trailers-only errors, and grpc-js's own
 * words for every way a call can go wrong, so a client cannot tell which of the two answered; the
 * one exception, bytes after the one message, is refused here as a second message
 * (docs/emulator.md, "PostInputs off the stream").
 */
import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import { IncomingMessage } from './incoming-message';
import type { ReceiveBuffers } from './receive-buffers';
import type { UnaryMethod } from './v2-methods';

/** A method served directly: its path, binary codecs and the method itself. */
export interface DirectMethod<Req, Res> {
  path: string;
  decode(bytes: Buffer): Req;
  encode(response: Res): Uint8Array;
  handle: UnaryMethod<Req, Res>;
}

export interface DirectLimits {
  maxReceiveMessageLength: number;
  maxSendMessageLength: number;
}

/** A gRPC status as the emulator answers it. */
export interface AnswerStatus {
  code: GrpcStatus;
  details: string;
}

const RESPONSE_HEADERS = {
  ':status': 200,
  'content-type': 'application/grpc+proto',
  'grpc-accept-encoding': 'identity,deflate,gzip',
  'grpc-encoding': 'identity',
} as const;

/** Headers grpc-js's server takes out of the metadata it hands a method. */
const NOT_METADATA = ['grpc-timeout', 'grpc-encoding', 'grpc-accept-encoding', 'accept-encoding', 'te', 'content-type'];

const TIMEOUT = /(\d{1,8})\s*([HMSmun])/;
const TIMEOUT_UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000001 };

/** grpc-js's server hides the cause of a codec failure unless this is set. */
const sendErrorDetails = (): boolean => process.env['GRPC_NODE_DEBUG_SEND_ERROR_DETAILS'] === 'true';

/**
 * Whether a call can be served directly: a method in `methods`, a gRPC content type, and no
 * message compression. Everything else goes to grpc-js, which knows how to answer it.
 */
export function directMethodFor<M>(headers: IncomingHttpHeaders, methods: ReadonlyMap<string, M>): M | undefined {
  const method = methods.get(String(headers[':path']));
  if (method === undefined) return undefined;
  const contentType = headers['content-type'];
  if (typeof contentType !== 'string' || !contentType.startsWith('application/grpc')) return undefined;
  const encoding = headers['grpc-encoding'];
  if (encoding !== undefined && encoding !== 'identity') return undefined;
  return method;
}

function requestMetadata(headers: IncomingHttpHeaders): Metadata {
  const metadata = Metadata.fromHttp2Headers(headers);
  for (const key of NOT_METADATA) metadata.remove(key);
  return metadata;
}

/**
 * Serves one call of `method` on `stream`: reads its one framed message (into memory from
 * `buffers` when its size is pooled), decodes it, runs the method and answers. The memory goes
 * back to `buffers` only once the method has settled and its answer is encoded, so nothing
 * decoded from it is read after.
 */
export function serveDirectUnary<Req, Res>(
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  method: DirectMethod<Req, Res>,
  buffers: ReceiveBuffers,
  limits: DirectLimits,
  statusOf: (err: unknown) => AnswerStatus,
): void {
  let answered = false;
  let deadlineTimer: NodeJS.Timeout | undefined;
  const settle = (): boolean => {
    if (answered) return false;
    answered = true;
    clearTimeout(deadlineTimer);
    return !(stream.destroyed || stream.closed);
  };
  const answerStatus = (code: GrpcStatus, details: string): void => {
    if (!settle()) return;
    try {
      stream.respond(
        { ':status': 200, 'content-type': 'application/grpc+proto', 'grpc-status': code, 'grpc-message': encodeURI(details) },
        { endStream: true },
      );
    } catch {
      // The stream closed under us: the client is gone and there is no one to answer.
    }
  };
  const answer = (response: Res): void => {
    if (answered || stream.destroyed || stream.closed) {
      settle();
      return;
    }
    let body: Uint8Array;
    try {
      body = method.encode(response);
    } catch (err) {
      answerStatus(GrpcStatus.INTERNAL, sendErrorDetails() ? `Error serializing response: ${(err as Error).message}` : 'Error serializing response');
      return;
    }
    if (body.length > limits.maxSendMessageLength) {
      answerStatus(GrpcStatus.RESOURCE_EXHAUSTED, `Sent message larger than max (${body.length + 5} vs. ${limits.maxSendMessageLength})`);
      return;
    }
    settle();
    const frame = Buffer.allocUnsafe(body.length + 5);
    frame.writeUInt8(0, 0);
    frame.writeUInt32BE(body.length, 1);
    frame.set(body, 5);
    try {
      stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': GrpcStatus.OK, 'grpc-message': 'OK' }));
      stream.end(frame);
    } catch {
      // As above: closed under us.
    }
  };

  const header = Buffer.alloc(5);
  let headerRead = 0;
  let message: IncomingMessage | undefined;
  /** The decoded request, once its message is complete. */
  let request: { value: Req } | undefined;
  /** Set once the method has the request: from then on its settling gives the memory back. */
  let handed = false;
  const giveBack = (): void => {
    message?.release();
    message = undefined;
  };
  const refuse = (code: GrpcStatus, details: string): void => {
    giveBack();
    answerStatus(code, details);
  };

  // A stream error is followed by 'close'; a call cut off there is simply not answered.
  stream.on('error', () => undefined);
  stream.once('close', () => {
    settle();
    if (!handed) giveBack();
  });

  const timeout = headers['grpc-timeout'];
  if (timeout !== undefined) {
    const match = TIMEOUT.exec(String(timeout));
    if (match === null) {
      answerStatus(GrpcStatus.INTERNAL, `Invalid grpc-timeout value "${String(timeout)}"`);
      stream.resume();
      return;
    }
    const ms = (Number(match[1]) * (TIMEOUT_UNIT_MS[match[2] as string] as number)) | 0;
    deadlineTimer = setTimeout(() => answerStatus(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded'), ms);
  }

  stream.on('data', (chunk: Buffer) => {
    let offset = 0;
    while (!answered && offset < chunk.length) {
      if (message?.complete === true) {
        refuse(GrpcStatus.UNIMPLEMENTED, `Received a second request message for server streaming method ${method.path}`);
        return;
      }
      if (message === undefined) {
        const n = Math.min(5 - headerRead, chunk.length - offset);
        chunk.copy(header, headerRead, offset, offset + n);
        headerRead += n;
        offset += n;
        if (headerRead < 5) return;
        const length = header.readUInt32BE(1);
        if (length > limits.maxReceiveMessageLength) {
          // grpc-js's words (its StreamDecoder): "vs" here, where its "Sent ..." has "vs.".
          refuse(GrpcStatus.RESOURCE_EXHAUSTED, `Received message larger than max (${length} vs ${limits.maxReceiveMessageLength})`);
          return;
        }
        try {
          message = new IncomingMessage(length, buffers);
        } catch (err) {
          // Memory could not be had: grpc-js answers its own allocation failures so too.
          refuse(GrpcStatus.RESOURCE_EXHAUSTED, (err as Error).message);
          return;
        }
      }
      offset += message.add(chunk, offset);
      // Decoded as soon as it is whole, as grpc-js does: a message that does not decode is
      // answered so at once, ahead of anything wrong after it (a second message).
      if (message.complete) {
        let bytes: Buffer;
        try {
          bytes = message.bytes();
        } catch (err) {
          refuse(GrpcStatus.RESOURCE_EXHAUSTED, (err as Error).message);
          return;
        }
        try {
          request = { value: method.decode(bytes) };
        } catch (err) {
          refuse(GrpcStatus.INTERNAL, sendErrorDetails() ? `Error deserializing request: ${(err as Error).message}` : 'Error deserializing request');
          return;
        }
      }
    }
  });

  stream.once('end', () => {
    if (answered) {
      giveBack();
      return;
    }
    if (request === undefined) {
      refuse(GrpcStatus.UNIMPLEMENTED, `Received no request message for server streaming method ${method.path}`);
      return;
    }
    const decoded = request.value;
    const metadata = requestMetadata(headers);
    handed = true;
    Promise.resolve()
      .then(() => method.handle({ request: decoded, metadata }))
      .then(answer, (err: unknown) => {
        const status = statusOf(err);
        answerStatus(status.code, status.details);
      })
      .finally(giveBack);
  });
}
