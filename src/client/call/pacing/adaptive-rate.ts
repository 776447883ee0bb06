/**
 * The pacing rate, learned from the service's throttling answers: a pure model of time (every
 * method takes `at`, in ms), so it is tested without waiting.
 *
 * Clarifai's limit is a fixed number of requests per second per user, not a congested link whose
 * capacity moves, so instead of AWS's CUBIC curve (which keeps probing past the limit and is
 * throttled every few seconds by design) the model holds just under a learned limit:
 *
 * - Unthrottled until the first throttling answer.
 * - On one, the limit is the rate the answer names ("exceeded limit of 15 requests per second"),
 *   else the rate the service accepted over the last second. While pacing, a further throttle of
 *   an attempt sent after the last change lowers the limit to the accepted rate measured since
 *   that change (1 to 5 s), and to at most the named rate: several clients sharing one key each
 *   settle on their share. Throttles of attempts sent before the last change carry no news
 *   (they were sent at the old rate), as in TCP's one cut per round trip.
 * - Pacing is at `MARGIN` of the limit, so jitter in send times rarely meets an empty bucket.
 * - After `PROBE_AFTER_MS` without a throttle, the limit grows by `PROBE_GROWTH` per second, up
 *   to the named rate (the share of a client that stopped comes back); without a named rate,
 *   pacing ends once it has grown `RELEASE_FACTOR` times (the throttling has stopped).
 */
import { RecentSends, type SendRecord } from './recent-sends';

export const MARGIN = 0.95;
const FIRST_WINDOW_MS = 1000;
const MAX_WINDOW_MS = 5000;
export const PROBE_AFTER_MS = 5000;
const PROBE_GROWTH = 1.1;
const RELEASE_FACTOR = 8;
/** The lowest limit learned, in requests per second. */
export const MIN_RATE = 1;

export interface AdaptiveRateOptions {
  /** Never pace faster than this (requests per second). */
  ceiling?: number | undefined;
  /** Learn from throttling answers (default true); false paces at `ceiling` only. */
  adaptive?: boolean;
}

export interface Learned {
  /** The sustainable rate learned, requests per second; undefined before any throttling. */
  limit: number | undefined;
  /** The rate the service's answers named, if any did. */
  named: number | undefined;
  /** Throttling answers seen. */
  throttled: number;
}

export class AdaptiveRate {
  private limit: number | undefined;
  private named: number | undefined;
  private changedAt = Number.NEGATIVE_INFINITY;
  private lastThrottleAt = Number.NEGATIVE_INFINITY;
  private throttled = 0;
  private readonly sends = new RecentSends(MAX_WINDOW_MS);
  private readonly ceiling: number;
  private readonly adaptive: boolean;

  constructor(options: AdaptiveRateOptions = {}) {
    this.ceiling = options.ceiling ?? Number.POSITIVE_INFINITY;
    this.adaptive = options.adaptive ?? true;
  }

  /** An attempt goes out at `at`. */
  recordSend(at: number): SendRecord {
    return this.sends.add(at);
  }

  /** The attempt `record` was throttled, answered at `at`; `named` is the rate its answer names. Returns true when the rate changed. */
  recordThrottle(record: SendRecord, at: number, named?: number): boolean {
    record.throttled = true;
    this.throttled++;
    if (named !== undefined) this.named = named;
    if (!this.adaptive || record.at < this.changedAt) return false;
    const spanMs = this.limit === undefined ? FIRST_WINDOW_MS : Math.min(MAX_WINDOW_MS, Math.max(FIRST_WINDOW_MS, at - this.changedAt));
    const accepted = (this.sends.acceptedSince(at, spanMs) * 1000) / spanMs;
    const estimate = this.limit === undefined && this.named !== undefined ? this.named : Math.min(this.named ?? Number.POSITIVE_INFINITY, accepted);
    this.limit = Math.max(MIN_RATE, estimate);
    this.changedAt = at;
    this.lastThrottleAt = at;
    return true;
  }

  /** The pacing rate at `at`, requests per second; `Infinity` when not pacing. */
  rate(at: number): number {
    if (this.limit === undefined) return this.ceiling;
    const quietMs = at - this.lastThrottleAt;
    let limit = this.limit;
    if (quietMs > PROBE_AFTER_MS) {
      limit *= PROBE_GROWTH ** ((quietMs - PROBE_AFTER_MS) / 1000);
      if (this.named !== undefined) limit = Math.min(limit, Math.max(this.named, this.limit));
      else if (limit >= this.limit * RELEASE_FACTOR) return this.ceiling;
    }
    return Math.min(this.ceiling, limit * MARGIN);
  }

  learned(): Learned {
    return { limit: this.limit, named: this.named, throttled: this.throttled };
  }
}
