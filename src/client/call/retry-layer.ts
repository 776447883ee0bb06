/**
 * The retry layer: attempts of one call until one answers, the decision says stop, or the
 * deadline leaves no time; abortable backoff waits between them; one `CallEvent` per attempt sent.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ClarifaiAbortError, ClarifaiError } from '../errors';
import type { Answer, AttemptNotes, Call, CallLayer, CallResult, Next } from './call';
import { callEvent } from './call-event';
import { decideRetry, NO_RETRY } from './retry-decision';
import type { RetryPolicy } from './retry-policy';

function withAttempts(error: unknown, attempts: number): unknown {
  return error instanceof ClarifaiError ? error.withAttempts(attempts) : error;
}

/** Per-call `retry` (a policy, or `false`) wins over `defaultPolicy`. */
export function retryLayer(defaultPolicy: RetryPolicy | false): CallLayer {
  return (call, next) => attempts(call, next, call.options.retry ?? defaultPolicy);
}

async function attempts<Req, Res extends Answer>(
  call: Call<Req, Res>,
  next: Next<Req, Res>,
  policy: RetryPolicy | false,
): Promise<CallResult<Res>> {
  const { signal } = call.options;
  // Failures that count towards `maxAttempts`: a throttled attempt the rate limiter paces does not.
  let failures = 0;
  let previousError: unknown;
  for (let attempt = 1; ; attempt++) {
    // Never sent, so never reported: an abort before an attempt ends the call here.
    if (signal?.aborted === true) throw new ClarifaiAbortError(call.method.name, signal.reason, { attempts: attempt - 1 });
    const startedAt = Date.now();
    const started = performance.now();
    const attemptTimeoutMs = policy === false ? undefined : policy.attemptTimeoutMs;
    const deadlineAt = attemptTimeoutMs === undefined ? call.deadlineAt : Math.min(call.deadlineAt, startedAt + attemptTimeoutMs);
    let result: CallResult<Res> | undefined;
    let error: unknown;
    const notes: AttemptNotes = {};
    try {
      result = await next({ ...call, deadlineAt, notes });
    } catch (caught) {
      error = caught;
    }
    // Never sent (its token wait was aborted, or ran out the attempt's deadline): not reported.
    // With time left, the attempt waits again; otherwise the call ends with what the last
    // attempt sent met (e.g. the throttling), unless it was aborted.
    if (notes.unsent === true) {
      const aborted = error instanceof ClarifaiAbortError;
      if (!aborted && Date.now() < call.deadlineAt) {
        attempt--;
        continue;
      }
      throw aborted || previousError === undefined ? withAttempts(error, attempt - 1) : withAttempts(previousError, attempt - 1);
    }
    const waitedMs = notes.rateLimitWaitMs ?? 0;
    const durationMs = performance.now() - started - waitedMs;
    if (result === undefined && notes.pacedThrottle !== true) failures++;
    const decision =
      result === undefined
        ? decideRetry({
            error,
            attempt: failures,
            pacedThrottle: notes.pacedThrottle,
            policy,
            now: Date.now(),
            deadlineAt: call.deadlineAt,
          })
        : NO_RETRY;
    call.observe(
      callEvent(call, { attempt, startedAt: startedAt + waitedMs, durationMs, rateLimitWaitMs: waitedMs, transport: notes.transport, response: result?.response, error }, decision),
    );
    if (result !== undefined) return { response: result.response, attempts: attempt };
    if (!decision.retry) throw withAttempts(error, attempt);
    previousError = error;
    try {
      await sleep(decision.delayMs, undefined, { signal });
    } catch {
      throw new ClarifaiAbortError(call.method.name, signal?.reason, { attempts: attempt });
    }
  }
}
