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
  /** Failed attempts so far that count towards `maxAttempts` (1 after the first). */
  attempt: number;
  /** The attempt was throttled and the rate limiter paces the next one (`AttemptNotes.pacedThrottle`). */
  pacedThrottle?: boolean;
  policy: RetryPolicy | false;
  now: number;
  deadlineAt: number;
}): RetryDecision {
  const { error, attempt, policy } = input;
  const retryable = error instanceof ClarifaiError && error.retryable;
  // Throttling is the service asking to slow down, not failing: while time is left, the next
  // attempt goes as soon as the limiter hands it a token (its wait counts against the deadline).
  if (policy !== false && input.pacedThrottle === true && retryable) return input.now < input.deadlineAt ? { retry: true, delayMs: 0 } : NO_RETRY;
  if (policy === false || attempt >= policy.maxAttempts || !retryable) return NO_RETRY;
  const delayMs = backoffDelay(policy, attempt);
  // A wait that would end past the deadline is not taken: the next attempt would have no time.
  return input.now + delayMs < input.deadlineAt ? { retry: true, delayMs } : NO_RETRY;
}
