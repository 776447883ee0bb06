/** The deadline layer: the call ends `timeoutMs` after it starts, retries and waits included. */
import type { CallLayer } from './call';

/** Per-call `timeoutMs` wins over `defaultTimeoutMs`; a deadline set further out is brought in, never pushed back. */
export function deadlineLayer(defaultTimeoutMs: number): CallLayer {
  return (call, next) => {
    const timeoutMs = call.options.timeoutMs ?? defaultTimeoutMs;
    return next({ ...call, deadlineAt: Math.min(call.deadlineAt, Date.now() + timeoutMs) });
  };
}
