/**
 * The retry layer: attempts of one call until one answers, the decision says stop, or the
 * deadline leaves no time; abortable backoff waits between them; one `CallEvent` per attempt sent.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ClarifaiAbortError, ClarifaiError } from '../errors';
import type { Answer, Call, CallLayer, CallResult, Next } from './call';
import { callEvent } from './call-event';
import { decideRetry, NO_RETRY } from './retry-decision';
import type { RetryPolicy } from './retry-policy';

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
  for (let attempt = 1; ; attempt++) {
    // Never sent, so never reported: an abort before an attempt ends the call here.
    if (signal?.aborted === true) throw new ClarifaiAbortError(call.method.name, signal.reason, { attempts: attempt - 1 });
    const startedAt = Date.now();
    const started = performance.now();
    const attemptTimeoutMs = policy === false ? undefined : policy.attemptTimeoutMs;
    const deadlineAt = attemptTimeoutMs === undefined ? call.deadlineAt : Math.min(call.deadlineAt, startedAt + attemptTimeoutMs);
    let result: CallResult<Res> | undefined;
    let error: unknown;
    try {
      result = await next({ ...call, deadlineAt });
    } catch (caught) {
      error = caught;
    }
    const durationMs = performance.now() - started;
    const decision =
      result === undefined
        ? decideRetry({ error, attempt, policy, now: Date.now(), deadlineAt: call.deadlineAt })
        : NO_RETRY;
    call.observe(callEvent(call, { attempt, startedAt, durationMs, response: result?.response, error }, decision));
    if (result !== undefined) return { response: result.response, attempts: attempt };
    if (!decision.retry) throw error instanceof ClarifaiError ? error.withAttempts(attempt) : error;
    try {
      await sleep(decision.delayMs, undefined, { signal });
    } catch {
      throw new ClarifaiAbortError(call.method.name, signal?.reason, { attempts: attempt });
    }
  }
}
