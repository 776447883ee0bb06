/**
 * How a gRPC client names what HTTP/2 tells it, after the gRPC spec's "HTTP to gRPC Status Code
 * Mapping" and grpc-js's choices, so an error from the direct transport reads and retries like
 * one from grpc-js (the retry layer decides on the code; `isRetryableGrpc` on some details).
 */
import { constants as h2 } from 'node:http2';
import { status as GrpcStatus } from '@grpc/grpc-js';

/** The gRPC code for an HTTP status other than 200 on a response without `grpc-status`. */
export function grpcStatusOfHttp(httpStatus: number): GrpcStatus {
  switch (httpStatus) {
    case 400:
      return GrpcStatus.INTERNAL;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 403:
      return GrpcStatus.PERMISSION_DENIED;
    case 404:
      return GrpcStatus.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return GrpcStatus.UNAVAILABLE;
    default:
      return GrpcStatus.UNKNOWN;
  }
}

/** The gRPC code for a stream the server reset (RST_STREAM) before any status, as grpc-js maps it. */
export function grpcStatusOfReset(rstCode: number): { code: GrpcStatus; details: string } {
  switch (rstCode) {
    case h2.NGHTTP2_REFUSED_STREAM:
      // The server did not process the stream: safe to send again.
      return { code: GrpcStatus.UNAVAILABLE, details: 'Stream refused by server' };
    case h2.NGHTTP2_CANCEL:
      return { code: GrpcStatus.CANCELLED, details: 'Call cancelled' };
    case h2.NGHTTP2_ENHANCE_YOUR_CALM:
      return { code: GrpcStatus.RESOURCE_EXHAUSTED, details: 'Bandwidth exhausted or memory limit exceeded' };
    case h2.NGHTTP2_INADEQUATE_SECURITY:
      return { code: GrpcStatus.PERMISSION_DENIED, details: 'Protocol not secure enough' };
    case h2.NGHTTP2_INTERNAL_ERROR:
      return { code: GrpcStatus.INTERNAL, details: `Received RST_STREAM with code ${rstCode} (Internal server error)` };
    default:
      return { code: GrpcStatus.INTERNAL, details: `Received RST_STREAM with code ${rstCode}` };
  }
}

/** `grpc-message` is percent-encoded (gRPC over HTTP/2); decoded as grpc-js does, a malformed escape kept as sent. */
export function decodeGrpcMessage(raw: string): string {
  try {
    return decodeURI(raw);
  } catch {
    return raw;
  }
}

/** The `grpc-timeout` header for a deadline `ms` from now: at most 8 digits, in the coarsest unit that fits. */
export function grpcTimeoutHeader(ms: number): string {
  const whole = Math.max(1, Math.ceil(ms));
  if (whole < 1e8) return `${whole}m`;
  if (whole / 1000 < 1e8) return `${Math.ceil(whole / 1000)}S`;
  return `${Math.ceil(whole / 3_600_000)}H`;
}
