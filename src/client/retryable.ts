/**
 * Which failures may succeed on another attempt (an error's `retryable`; the retry layer acts on it).
 *
 * | Retryable | Not retryable |
 * |---|---|
 * | gRPC UNAVAILABLE, always | invalid requests, auth errors, everything else |
 * | gRPC DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, for idempotent calls (all but PatchInputs) | a message over the size limit |
 * | CONN_THROTTLED, CONN_EXCEED_HOURLY_LIMIT | |
 * | RPC_REQUEST_QUEUE_FULL, RPC_SERVER_UNAVAILABLE, RPC_REQUEST_TIMEOUT | |
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { StatusCode } from '../generated/clarifai/api/status/status_code.pb';

export const RETRYABLE_STATUS_CODES: ReadonlySet<StatusCode> = new Set([
  StatusCode.CONN_THROTTLED,
  StatusCode.CONN_EXCEED_HOURLY_LIMIT,
  StatusCode.RPC_REQUEST_QUEUE_FULL,
  StatusCode.RPC_SERVER_UNAVAILABLE,
  StatusCode.RPC_REQUEST_TIMEOUT,
]);

/** A Clarifai status (inside a gRPC OK) that another attempt may turn into success. */
export function isRetryableStatus(statusCode: StatusCode): boolean {
  return RETRYABLE_STATUS_CODES.has(statusCode);
}

/** A gRPC failure that another attempt may turn into success; `idempotent`: repeating the call changes nothing twice. */
export function isRetryableGrpc(grpcCode: GrpcStatus, details: string, idempotent: boolean): boolean {
  if (grpcCode === GrpcStatus.UNAVAILABLE) return true;
  // grpc-js reports a message over the size limit as RESOURCE_EXHAUSTED: it would fail again.
  if (grpcCode === GrpcStatus.RESOURCE_EXHAUSTED && /message .*larger than/i.test(details)) return false;
  return idempotent && (grpcCode === GrpcStatus.DEADLINE_EXCEEDED || grpcCode === GrpcStatus.RESOURCE_EXHAUSTED);
}
