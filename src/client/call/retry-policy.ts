/**
 * A retry policy and the wait before each retry. Which failures are retried: each error's
 * `retryable` (../retryable.ts).
 */

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

/**
 * Full jitter: a random wait in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))), where
 * `attempt` counts the attempts made so far (1 after the first failure).
 */
export function backoffDelay(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(policy.random() * ceiling);
}
