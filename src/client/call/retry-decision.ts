/**
 * Whether a failed attempt is tried again, and after what wait: a pure function of the error,
 * the attempts made, the policy and the time left.
 */
import { ClarifaiError } from '../errors';
import { backoffDelay, type RetryPolicy } from './retry-policy';

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

export const NO_RETRY: RetryDecision = { retry: false };

export function decideRetry(input: {
  error: unknown;
  /** Attempts made so far (1 after the first). */
  attempt: number;
  policy: RetryPolicy | false;
  now: number;
  deadlineAt: number;
}): RetryDecision {
  const { error, attempt, policy } = input;
  if (policy === false || attempt >= policy.maxAttempts || !(error instanceof ClarifaiError && error.retryable)) return NO_RETRY;
  const delayMs = backoffDelay(policy, attempt);
  // A wait that would end past the deadline is not taken: the next attempt would have no time.
  return input.now + delayMs < input.deadlineAt ? { retry: true, delayMs } : NO_RETRY;
}
