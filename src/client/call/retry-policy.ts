/**
 * Which failures are worth another attempt, and how long to wait before it.
 *
 * | Retried | Not retried |
 * |---|---|
 * | gRPC UNAVAILABLE, always | invalid requests, auth errors, everything else |
 * | gRPC DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, for idempotent calls (all but PatchInputs) | a message over the size limit |
 * | CONN_THROTTLED, CONN_EXCEED_HOURLY_LIMIT | |
 * | RPC_REQUEST_QUEUE_FULL, RPC_SERVER_UNAVAILABLE, RPC_REQUEST_TIMEOUT | |
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { ClarifaiApiError, ClarifaiTransportError } from '../errors';

/** A retry policy with every default filled in (resolved from `RetryOptions` at the facade). */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Deadline of each attempt within the call's; undefined: an attempt may use all the time left. */
  attemptTimeoutMs: number | undefined;
  /** Numbers in [0, 1) for the jitter: `Math.random`, or a fixed one in tests. */
  random: () => number;
}

export const RETRYABLE_STATUS_CODES: ReadonlySet<number> = new Set([
  StatusCode.CONN_THROTTLED,
  StatusCode.CONN_EXCEED_HOURLY_LIMIT,
  StatusCode.RPC_REQUEST_QUEUE_FULL,
  StatusCode.RPC_SERVER_UNAVAILABLE,
  StatusCode.RPC_REQUEST_TIMEOUT,
]);

/** True when `error` may succeed on another attempt of a call that is (or is not) idempotent. */
export function isRetryable(error: unknown, idempotent: boolean): boolean {
  if (error instanceof ClarifaiApiError) return RETRYABLE_STATUS_CODES.has(error.code);
  if (error instanceof ClarifaiTransportError) {
    if (error.code === GrpcStatus.UNAVAILABLE) return true;
    // grpc-js reports a message over the size limit as RESOURCE_EXHAUSTED: it would fail again.
    if (error.code === GrpcStatus.RESOURCE_EXHAUSTED && /message .*larger than/i.test(error.message)) return false;
    return idempotent && (error.code === GrpcStatus.DEADLINE_EXCEEDED || error.code === GrpcStatus.RESOURCE_EXHAUSTED);
  }
  return false;
}

/**
 * Full jitter: a random wait in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))), where
 * `attempt` counts the attempts made so far (1 after the first failure).
 */
export function backoffDelay(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(policy.random() * ceiling);
}
