/**
 * A client-side rate limiter: every attempt takes a token before it goes out, and tells the
 * limiter afterwards whether the service throttled it. Tokens are handed out first come, first
 * served, one every 1/rate seconds (no bursts), at the rate `AdaptiveRate` learns, under an
 * optional fixed ceiling. One instance can pace several clients that share an API key.
 *
 * The first wave: before any answer, nothing is known of the limit, so the attempts sent then
 * (a client's first `concurrency` batches) go at once. Once the first of them is answered, later
 * attempts wait until the rest are answered too (at most `FIRST_WAVE_HOLD_MS`, and only while
 * no pace is set), as TCP's slow start waits for acknowledgements: a throttling answer among them
 * then sets the pace before anything else goes out. Without it, at 3 requests/s with 4 in
 * flight, the three batches sent as the first three answers came back all met the empty bucket
 * the fourth answer was about to name (BENCHMARKS.md, finding 6). Once that wave is answered,
 * the hold never applies again.
 */
import { ClarifaiValidationError } from '../../errors';
import { AdaptiveRate, type LearnedLimit } from './adaptive-rate';
import { systemClock, type Clock } from './clock';
import type { SendRecord } from './recent-sends';

/** Options of `new RateLimiter(...)`. */
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
export type AttemptOutcome =
  | {
      /** The service answered without throttling. */
      throttled: false;
    }
  | {
      /** The service throttled the attempt (CONN_THROTTLED, RESOURCE_EXHAUSTED, RPC_REQUEST_QUEUE_FULL). */
      throttled: true;
      /** The limit the answer named, requests per second, when it named one. */
      limitHint?: number | undefined;
    };

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

/** The longest later attempts wait for the rest of the first wave to be answered, ms (a hung call must not stall a job). */
export const FIRST_WAVE_HOLD_MS = 1000;

function round(rate: number): string {
  return String(Math.round(rate * 100) / 100);
}

/**
 * Paces the attempts of one or more clients to the service's rate limit: each attempt takes a
 * token (one every 1/rate seconds, first come first served); throttling answers teach it the
 * limit. Pass one instance as `rateLimiter` to every client that shares an API key.
 */
export class RateLimiter {
  private readonly model: AdaptiveRate;
  private readonly clock: Clock;
  private readonly ceiling: number | undefined;
  private readonly waiters: Waiter[] = [];
  private lastGrantAt = Number.NEGATIVE_INFINITY;
  private cancelTimer: (() => void) | undefined;
  /** Permits granted before the first answer and not yet settled (the first wave). */
  private readonly firstWave = new Set<Permit>();
  /** When the first answer arrived; later grants wait for the first wave until FIRST_WAVE_HOLD_MS after it. */
  private firstAnswerAt: number | undefined;

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
    const now = this.clock.now();
    const wasWaiting = this.holdsForFirstWave(now);
    this.firstAnswerAt ??= now;
    this.firstWave.delete(permit);
    if (!outcome.throttled) {
      // Waiters exist only while held or paced; an answer changes nothing for the pace.
      if (wasWaiting) this.pump();
      return;
    }
    this.model.recordThrottle(permit.record, now, outcome.limitHint);
    // The service's bucket is empty right now: the next token comes a full interval later.
    this.lastGrantAt = Math.max(this.lastGrantAt, now);
    this.pump();
  }

  /** True while later attempts wait for the first wave's answers: not once a pace is set (learned or a ceiling), which then rules. */
  private holdsForFirstWave(now: number): boolean {
    if (this.firstAnswerAt === undefined || this.firstWave.size === 0 || now >= this.firstAnswerAt + FIRST_WAVE_HOLD_MS) return false;
    return !Number.isFinite(this.model.rate(now));
  }

  /** When the next token is due; -Infinity when not pacing and not holding. */
  private dueAt(now: number): number {
    const rate = this.model.rate(now);
    const paced = Number.isFinite(rate) ? this.lastGrantAt + 1000 / rate : Number.NEGATIVE_INFINITY;
    return this.holdsForFirstWave(now) ? Math.max(paced, (this.firstAnswerAt as number) + FIRST_WAVE_HOLD_MS) : paced;
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
    const permit = { waitedMs: now - requestedAt, record: this.model.recordSend(now) };
    if (this.firstAnswerAt === undefined) this.firstWave.add(permit);
    return permit;
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
