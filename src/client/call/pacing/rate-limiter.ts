/**
 * A client-side rate limiter: every attempt takes a token before it goes out, and tells the
 * limiter afterwards whether the service throttled it. Tokens are handed out first come, first
 * served, one every 1/rate seconds (no bursts), at the rate `AdaptiveRate` learns, under an
 * optional fixed ceiling. One instance can pace several clients that share an API key.
 */
import { ClarifaiValidationError } from '../../errors';
import { AdaptiveRate, type LearnedLimit } from './adaptive-rate';
import { systemClock, type Clock } from './clock';
import type { SendRecord } from './recent-sends';

export interface RateLimiterOptions {
  /** Never send more than this many requests per second (a fixed ceiling). Default: none. */
  maxRequestsPerSecond?: number;
  /**
   * Learn the service's limit from its throttling answers and pace under it. Default true;
   * `false` paces at `maxRequestsPerSecond` only.
   */
  adaptive?: boolean;
  /** @internal Tests step time by hand. */
  clock?: Clock;
}

/** Leave to send one attempt, from `RateLimiter.acquire`. */
export interface Permit {
  /** How long the attempt waited for its token, ms. */
  readonly waitedMs: number;
  /** @internal */
  readonly record: SendRecord;
}

/** What became of an attempt sent under a permit. */
export type AttemptOutcome = { throttled: false } | { throttled: true; limitHint?: number | undefined };

interface Waiter {
  requestedAt: number;
  resolve: (permit: Permit) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

function round(rate: number): string {
  return String(Math.round(rate * 100) / 100);
}

export class RateLimiter {
  private readonly model: AdaptiveRate;
  private readonly clock: Clock;
  private readonly ceiling: number | undefined;
  private readonly waiters: Waiter[] = [];
  private lastGrantAt = Number.NEGATIVE_INFINITY;
  private cancelTimer: (() => void) | undefined;

  constructor(options: RateLimiterOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new ClarifaiValidationError('RateLimiter options must be an object');
    }
    const { maxRequestsPerSecond: ceiling, adaptive } = options;
    if (ceiling !== undefined && (typeof ceiling !== 'number' || !Number.isFinite(ceiling) || ceiling <= 0)) {
      throw new ClarifaiValidationError(`option \`maxRequestsPerSecond\` must be a positive number, got ${String(ceiling)}`, {
        path: 'maxRequestsPerSecond',
      });
    }
    if (adaptive !== undefined && typeof adaptive !== 'boolean') {
      throw new ClarifaiValidationError(`option \`adaptive\` must be true or false, got ${String(adaptive)}`, { path: 'adaptive' });
    }
    this.ceiling = ceiling;
    this.clock = options.clock ?? systemClock;
    this.model = new AdaptiveRate({ ceiling, adaptive });
  }

  /** The rate being paced to now, requests per second; undefined while not pacing. */
  get currentRate(): number | undefined {
    const rate = this.model.rate(this.clock.now());
    return Number.isFinite(rate) ? rate : undefined;
  }

  /** What the limiter has learned from the service's answers. */
  learned(): LearnedLimit {
    return this.model.learned();
  }

  /** One line for errors and logs: the rate, what it was learned from, the ceiling. */
  describe(): string {
    const rate = this.currentRate;
    const { limit, named, throttled } = this.model.learned();
    const parts = [rate === undefined ? 'not pacing' : `pacing at ${round(rate)} requests/s`];
    parts.push(`${throttled} throttled answer${throttled === 1 ? '' : 's'} seen`);
    if (limit !== undefined) parts.push(`learned limit ${round(limit)} requests/s`);
    if (named !== undefined) parts.push(`the service names a limit of ${round(named)} requests per second`);
    if (this.ceiling !== undefined) parts.push(`ceiling maxRequestsPerSecond ${round(this.ceiling)}`);
    return parts.join('; ');
  }

  /** A token now, when one is free and nobody waits; otherwise undefined (and nothing changes). */
  tryAcquire(): Permit | undefined {
    const now = this.clock.now();
    return this.waiters.length === 0 && this.dueAt(now) <= now ? this.grant(now, now) : undefined;
  }

  /** Waits for a token (first come, first served). Rejects with the signal's reason on abort. */
  acquire(signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    const immediate = this.tryAcquire();
    if (immediate !== undefined) return Promise.resolve(immediate);
    const now = this.clock.now();
    return new Promise<Permit>((resolve, reject) => {
      const waiter: Waiter = {
        requestedAt: now,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(abortReason(signal as AbortSignal));
          this.pump();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** Reports what became of the attempt sent under `permit`. */
  settle(permit: Permit, outcome: AttemptOutcome): void {
    if (!outcome.throttled) return;
    const now = this.clock.now();
    this.model.recordThrottle(permit.record, now, outcome.limitHint);
    // The service's bucket is empty right now: the next token comes a full interval later.
    this.lastGrantAt = Math.max(this.lastGrantAt, now);
    this.pump();
  }

  /** When the next token is due; -Infinity when not pacing. */
  private dueAt(now: number): number {
    const rate = this.model.rate(now);
    return Number.isFinite(rate) ? this.lastGrantAt + 1000 / rate : Number.NEGATIVE_INFINITY;
  }

  private grant(now: number, requestedAt: number): Permit {
    const rate = this.model.rate(now);
    if (Number.isFinite(rate)) {
      // A grant a little late (a busy event loop) keeps the schedule, so lateness does not add
      // up; one later than a quarter interval (or after idling) starts it afresh: no bursts.
      const dueAt = this.lastGrantAt + 1000 / rate;
      this.lastGrantAt = now - dueAt <= 250 / rate ? dueAt : now;
    } else {
      this.lastGrantAt = now;
    }
    return { waitedMs: now - requestedAt, record: this.model.recordSend(now) };
  }

  /** Hands out every token due, then sets one timer for the next. */
  private pump(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const now = this.clock.now();
    for (;;) {
      const waiter = this.waiters[0];
      if (waiter === undefined) return;
      const dueAt = this.dueAt(now);
      if (dueAt > now) {
        this.cancelTimer = this.clock.setTimer(() => {
          this.cancelTimer = undefined;
          this.pump();
        }, dueAt - now);
        return;
      }
      this.waiters.shift();
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.grant(now, waiter.requestedAt));
    }
  }
}
