/**
 * The time source of the rate limiter, injectable so its unit tests step time by hand instead of
 * waiting. `now` is monotonic milliseconds; `setTimer` returns a function that cancels the timer.
 */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): () => void;
}

/**
 * The process clock. The timer is not `unref`ed on purpose: while a call waits for a token it is
 * the only thing keeping an `await client.addInputs(...)` script alive.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};
