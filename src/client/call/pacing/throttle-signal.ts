/**
 * Which failed attempts tell the limiter to slow down: CONN_THROTTLED (the rate limit), and the
 * service's overload answers RPC_REQUEST_QUEUE_FULL and gRPC RESOURCE_EXHAUSTED (except grpc-js's
 * "message larger than" limit, which is about size, not rate).
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { StatusCode } from '../../../generated/clarifai/api/status/status_code.pb';
import { ClarifaiApiError, ClarifaiTransportError } from '../../errors';
import { isRetryableGrpc } from '../../retryable';
import { limitHint } from './limit-hint';

export interface ThrottleSignal {
  /** The rate the answer names, requests per second, when it names one. */
  limitHint: number | undefined;
}

/** The throttling `error` stands for, or undefined when it is not one. */
export function throttleSignal(error: unknown): ThrottleSignal | undefined {
  if (error instanceof ClarifaiApiError) {
    if (error.statusCode === StatusCode.CONN_THROTTLED) return { limitHint: limitHint(`${error.details} ${error.description}`) };
    if (error.statusCode === StatusCode.RPC_REQUEST_QUEUE_FULL) return { limitHint: undefined };
    return undefined;
  }
  // isRetryableGrpc tells the size limit (never retryable) from load (retryable when idempotent).
  if (error instanceof ClarifaiTransportError && error.grpcCode === GrpcStatus.RESOURCE_EXHAUSTED && isRetryableGrpc(error.grpcCode, error.details, true)) {
    return { limitHint: undefined };
  }
  return undefined;
}
