/**
 * The pacing layer, between retry and the wire: every attempt (retries included) takes a token
 * from the rate limiter before it goes out and reports afterwards whether it was throttled. The
 * wait counts against the attempt's deadline; an abort ends it at once.
 *
 * A throttled attempt is marked `pacedThrottle` so the retry layer tries again as soon as the
 * limiter allows, without counting it as a failure; its error names what the limiter learned.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { ClarifaiAbortError, ClarifaiApiError, ClarifaiTransportError } from '../../errors';
import type { Answer, Call, CallLayer, CallResult, Next } from '../call';
import type { Permit, RateLimiter } from './rate-limiter';
import { throttleSignal } from './throttle-signal';

class DeadlineWhileWaiting extends Error {}

/** Waits for a token until `deadlineAt` or an abort of `signal`; timers and listeners are removed either way. */
async function acquireBefore(limiter: RateLimiter, deadlineAt: number, signal: AbortSignal | undefined): Promise<Permit> {
  const immediate = limiter.tryAcquire();
  if (immediate !== undefined) return immediate;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted === true) onAbort();
  const timer = setTimeout(() => stop.abort(new DeadlineWhileWaiting()), Math.max(0, deadlineAt - Date.now()));
  try {
    return await limiter.acquire(stop.signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The throttling answer, with what the limiter has learned appended to its details (the original as `cause`). */
function withPacing(error: ClarifaiApiError, limiter: RateLimiter): ClarifaiApiError {
  const { statusCode, statusCodeName, description, reqId } = error;
  const details = `${error.details === '' ? '' : `${error.details} `}(client rate limiter: ${limiter.describe()})`;
  return new ClarifaiApiError({ method: error.method ?? '', statusCode, statusCodeName, description, details, reqId }, { cause: error, attempts: error.attempts });
}

export function pacingLayer(limiter: RateLimiter): CallLayer {
  return async <Req, Res extends Answer>(call: Call<Req, Res>, next: Next<Req, Res>): Promise<CallResult<Res>> => {
    const notes = call.notes ?? {};
    const method = call.method.name;
    const waitStarted = Date.now();
    let permit: Permit;
    try {
      permit = await acquireBefore(limiter, call.deadlineAt, call.options.signal);
    } catch (reason) {
      notes.unsent = true;
      if (!(reason instanceof DeadlineWhileWaiting)) throw new ClarifaiAbortError(method, reason);
      throw new ClarifaiTransportError({
        method,
        grpcCode: GrpcStatus.DEADLINE_EXCEEDED,
        idempotent: call.method.idempotent,
        details: `the deadline passed after waiting ${Date.now() - waitStarted} ms for a token from the client rate limiter (${limiter.describe()})`,
      });
    }
    if (permit.waitedMs > 0) notes.rateLimitWaitMs = permit.waitedMs;
    try {
      const result = await next(call);
      limiter.settle(permit, { throttled: false });
      return result;
    } catch (error) {
      const signal = throttleSignal(error);
      limiter.settle(permit, signal === undefined ? { throttled: false } : { throttled: true, limitHint: signal.limitHint });
      if (signal === undefined) throw error;
      notes.pacedThrottle = limiter.currentRate !== undefined;
      throw error instanceof ClarifaiApiError ? withPacing(error, limiter) : error;
    }
  };
}
