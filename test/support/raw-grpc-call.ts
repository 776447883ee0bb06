/**
 * A gRPC call made by hand over Node's http2, below what grpc-js lets a test do: any headers, any
 * bytes in any number of DATA frames, and the answer as it came (response headers, trailers, the
 * framed messages). For the emulator's direct PostInputs tests (direct-post-inputs.test.ts).
 */
import * as http2 from 'node:http2';

export interface RawAnswer {
  /** Response headers, without `date`. */
  headers: Record<string, unknown>;
  /** Trailers; empty for a trailers-only answer (its status is in `headers`). */
  trailers: Record<string, unknown>;
  /** The payload of each framed message of the answer. */
  messages: Buffer[];
  /** grpc-status and grpc-message from the trailers, else from the headers (URI-decoded). */
  code: number | undefined;
  message: string | undefined;
  /** The RST_STREAM code the stream closed with (0 when it ended normally). */
  rstCode: number;
}

export interface RawCallOptions {
  /** Default `/clarifai.api.V2/PostInputs`. */
  path?: string;
  /** Added to (or replacing) `content-type: application/grpc` and `te: trailers`. */
  headers?: http2.OutgoingHttpHeaders;
  /** Bytes to send, each written on its own. */
  writes: Buffer[];
  /**
   * Make each write its own DATA frame: after writing it, wait until a PING has been answered, so
   * the session has put it on the wire before the next one is written.
   */
  framePerWrite?: boolean;
  /**
   * Leave the request open after the writes (no END_STREAM) until the answer has ended, so an
   * answer that comes before the request's end is seen as such. Default false.
   */
  keepOpen?: boolean;
}

/** One gRPC message frame: compressed flag, 4-byte big-endian length, payload. */
export function grpcFrame(payload: Uint8Array, compressed = false): Buffer {
  const out = Buffer.allocUnsafe(5 + payload.length);
  out.writeUInt8(compressed ? 1 : 0, 0);
  out.writeUInt32BE(payload.length, 1);
  out.set(payload, 5);
  return out;
}

/** Splits an answer's DATA into the payloads of its framed messages. */
function unframe(body: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  let at = 0;
  while (at + 5 <= body.length) {
    const length = body.readUInt32BE(at + 1);
    messages.push(body.subarray(at + 5, at + 5 + length));
    at += 5 + length;
  }
  return messages;
}

function ping(session: http2.ClientHttp2Session): Promise<void> {
  return new Promise((resolve, reject) => {
    session.ping((err) => (err ? reject(err) : resolve()));
  });
}

function write(stream: http2.ClientHttp2Stream, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    stream.write(bytes, () => resolve());
  });
}

const grpcMessage = (value: unknown): string | undefined => (value === undefined ? undefined : decodeURIComponent(String(value)));

/** Makes one call on `session` and resolves with its answer once the stream has closed. */
export function rawGrpcCall(session: http2.ClientHttp2Session, options: RawCallOptions): Promise<RawAnswer> {
  const stream = session.request({
    ':method': 'POST',
    ':path': options.path ?? '/clarifai.api.V2/PostInputs',
    'content-type': 'application/grpc',
    te: 'trailers',
    ...options.headers,
  });
  const closed = new Promise<RawAnswer>((resolve, reject) => {
    let headers: Record<string, unknown> = {};
    let trailers: Record<string, unknown> = {};
    const chunks: Buffer[] = [];
    stream.on('response', (h) => {
      const { date: _date, ...rest } = h;
      headers = rest;
    });
    stream.on('trailers', (t) => {
      trailers = { ...t };
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The answer is whole: a request left open ends now, so the stream can close.
    stream.on('end', () => {
      if (!stream.writableEnded) stream.end();
    });
    // A stream the server answered early may fail our remaining writes; the answer still counts.
    stream.on('error', () => undefined);
    stream.on('close', () => {
      const statusFrom = 'grpc-status' in trailers ? trailers : headers;
      const code = statusFrom['grpc-status'];
      if (session.destroyed && code === undefined) reject(new Error('the session closed before an answer'));
      resolve({
        headers,
        trailers,
        messages: unframe(Buffer.concat(chunks)),
        code: code === undefined ? undefined : Number(code),
        message: grpcMessage(statusFrom['grpc-message']),
        rstCode: stream.rstCode ?? 0,
      });
    });
  });
  const send = async (): Promise<void> => {
    for (const bytes of options.writes) {
      if (stream.closed || stream.destroyed || stream.writableEnded) return;
      await write(stream, bytes);
      if (options.framePerWrite) await ping(session);
    }
    if (!options.keepOpen && !stream.writableEnded) stream.end();
  };
  return Promise.all([closed, send()]).then(([answer]) => answer);
}
