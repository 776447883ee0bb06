/** A `Clock` that only moves when the test says so: timers run in time order, each followed by the promise jobs it started. */
import type { Clock } from '../../../src/client/call/pacing/clock';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class ManualClock implements Clock {
  private time = 0;
  private seq = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): () => void {
    const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, ms));
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Runs the earliest timer (moving time to it); false when none is left. */
  async runNext(): Promise<boolean> {
    await settle();
    const next = this.timers.reduce<Timer | undefined>((a, t) => (a === undefined || t.at < a.at || (t.at === a.at && t.seq < a.seq) ? t : a), undefined);
    if (next === undefined) return false;
    this.timers = this.timers.filter((t) => t !== next);
    this.time = Math.max(this.time, next.at);
    next.callback();
    await settle();
    return true;
  }

  /** Runs every timer due up to `at`, then sets the time to `at`. */
  async advanceTo(at: number): Promise<void> {
    await settle();
    while (this.timers.some((t) => t.at <= at)) await this.runNext();
    this.time = Math.max(this.time, at);
    await settle();
  }
}
