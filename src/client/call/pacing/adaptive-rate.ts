/**
 * The pacing rate, learned from the service's throttling answers: a pure model of time (every
 * method takes `at`, in ms), so it is tested without waiting.
 *
 * Clarifai's limit is a fixed number of requests per second per user, not a congested link whose
 * capacity moves, so instead of AWS's CUBIC curve (which keeps probing past the limit and is
 * throttled every few seconds by design) the model holds just under a learned limit:
 *
 * - Unthrottled until the first throttling answer.
 * - A limit the answer names ("exceeded limit of 15 requests per second") is believed at once.
 * - Otherwise the limit is the rate the service accepted over the last 1 to 5 s (since the last
 *   change), once the throttled share of that window shows the client is over a limit. To start
 *   pacing without a named limit, more than half of at least 8 sends (Google SRE's client-side
 *   throttling tolerates rejections up to half the requests, K = 2: below that, throttling is as
 *   likely chance, e.g. a server shedding load now and then). Once pacing, more than a third; under
 *   a named limit, more than a fifth (then another client on the same key takes the rest: each
 *   settles on its share). Throttles of attempts sent before the last change carry no news (they
 *   were sent at the old rate), as in TCP's one cut per round trip.
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
/** Throttled shares of the window above which the client is taken to be over the limit, and the sends that takes. */
const START_SHARE = 0.5;
const START_SAMPLES = 8;
const PACING_SHARE = 1 / 3;
const NAMED_SHARE = 0.2;
const PACING_SAMPLES = 4;

export interface AdaptiveRateOptions {
  /** Never pace faster than this (requests per second). */
  ceiling?: number | undefined;
  /** Learn from throttling answers (default true); false paces at `ceiling` only. */
  adaptive?: boolean | undefined;
}

export interface LearnedLimit {
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
    this.lastThrottleAt = at;
    if (named !== undefined) this.named = named;
    if (!this.adaptive) return false;
    if (this.named !== undefined && (this.limit === undefined || this.limit > this.named)) return this.change(at, this.named);
    if (this.limit !== undefined && record.at < this.changedAt) return false;
    const spanMs = this.limit === undefined ? FIRST_WINDOW_MS : Math.min(MAX_WINDOW_MS, Math.max(FIRST_WINDOW_MS, at - this.changedAt));
    const { sent, accepted } = this.sends.countSince(at, spanMs);
    const [share, samples] = this.named !== undefined ? [NAMED_SHARE, PACING_SAMPLES] : this.limit === undefined ? [START_SHARE, START_SAMPLES] : [PACING_SHARE, PACING_SAMPLES];
    if (sent < samples || sent - accepted <= share * sent) return false;
    return this.change(at, Math.min(this.named ?? Number.POSITIVE_INFINITY, Math.max(MIN_RATE, (accepted * 1000) / spanMs)));
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

  learned(): LearnedLimit {
    return { limit: this.limit, named: this.named, throttled: this.throttled };
  }

  private change(at: number, limit: number): true {
    this.limit = limit;
    this.changedAt = at;
    return true;
  }
}
