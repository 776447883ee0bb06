/** The one place a `CallEvent` is built: from an attempt that was sent, and the retry decision after it. */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { statusCodeName } from '../../status-code-name';
import { ClarifaiAbortError, ClarifaiApiError, ClarifaiTransportError, grpcCodeName } from '../errors';
import type { CallEvent } from '../types';
import type { Answer, Call } from './call';
import type { RetryDecision } from './retry-decision';

export interface SentAttempt<Res extends Answer> {
  attempt: number;
  startedAt: number;
  durationMs: number;
  /** Time spent waiting for a rate-limiter token before the attempt went out, ms. */
  rateLimitWaitMs?: number;
  /** How it went out, when the wire said. */
  transport?: 'http2' | 'grpc-js' | undefined;
  response: Res | undefined;
  error: unknown;
}

function grpcCodeOf(error: unknown): GrpcStatus {
  if (error instanceof ClarifaiTransportError) return error.grpcCode;
  if (error instanceof ClarifaiAbortError) return GrpcStatus.CANCELLED;
  return GrpcStatus.OK;
}

export function callEvent<Req, Res extends Answer>(call: Call<Req, Res>, sent: SentAttempt<Res>, decision: RetryDecision): CallEvent {
  const { error } = sent;
  const grpcCode = grpcCodeOf(error);
  const apiError = error instanceof ClarifaiApiError ? error : undefined;
  const statusCode = sent.response?.status?.code ?? apiError?.statusCode;
  const reqId = sent.response?.status?.reqId || apiError?.reqId;
  const { itemCount } = call.options;
  return {
    method: call.method.name,
    callId: call.callId,
    attempt: sent.attempt,
    startedAt: sent.startedAt,
    durationMs: sent.durationMs,
    ...(sent.rateLimitWaitMs === undefined || sent.rateLimitWaitMs <= 0 ? {} : { rateLimitWaitMs: sent.rateLimitWaitMs }),
    ...(sent.transport === undefined ? {} : { transport: sent.transport }),
    grpcCode,
    grpcCodeName: grpcCodeName(grpcCode),
    ...(statusCode === undefined ? {} : { statusCode, statusCodeName: statusCodeName(statusCode) }),
    ...(reqId ? { reqId } : {}),
    ...(itemCount === undefined ? {} : { itemCount }),
    willRetry: decision.retry,
    ...(decision.retry ? { retryDelayMs: decision.delayMs } : {}),
    ...(error instanceof Error ? { error } : {}),
  };
}
