import { MARGIN } from '../../../src/client/call/pacing/adaptive-rate';
import { FIRST_WAVE_HOLD_MS, RateLimiter, type Permit } from '../../../src/client/call/pacing/rate-limiter';
import { ClarifaiValidationError } from '../../../src/client/errors';
import { ManualClock } from './manual-clock';

/** Starts `count` acquires and records when each is granted. */
function acquireAll(limiter: RateLimiter, clock: ManualClock, count: number, signal?: AbortSignal) {
  const grantedAt: number[] = [];
  const permits = Array.from({ length: count }, () =>
    limiter.acquire(signal).then((permit) => {
      grantedAt.push(clock.now());
      return permit;
    }),
  );
  return { grantedAt, permits };
}

async function drain(clock: ManualClock): Promise<void> {
  while (await clock.runNext());
}

describe('RateLimiter', () => {
  test('grants at once, waiting nothing, while not pacing', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    const permits = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(permits.map((p) => p.waitedMs)).toEqual([0, 0, 0]);
    expect(limiter.currentRate).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });

  test('a fixed ceiling spaces tokens 1/rate apart, first come first served, and reports each wait', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ maxRequestsPerSecond: 10, clock });
    const { grantedAt, permits } = acquireAll(limiter, clock, 5);
    await drain(clock);
    expect(grantedAt).toEqual([0, 100, 200, 300, 400]);
    expect((await Promise.all(permits)).map((p) => p.waitedMs)).toEqual([0, 100, 200, 300, 400]);
    expect(limiter.currentRate).toBe(10);
  });

  test('an abort takes the waiter out of the line, rejects with its reason, and the next waiter takes the slot', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ maxRequestsPerSecond: 10, clock });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    await drain(clock);
    expect((await next).waitedMs).toBe(100);
    await expect(limiter.acquire(controller.signal)).rejects.toBe(reason);
  });

  test('a throttled attempt that names the limit starts pacing under it, a full interval after the answer', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    const first = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    await clock.advanceTo(20);
    limiter.settle(first[3] as Permit, { throttled: true, limitHint: 4 });
    expect(limiter.currentRate).toBeCloseTo(4 * MARGIN);
    const { grantedAt } = acquireAll(limiter, clock, 3);
    await drain(clock);
    const interval = 1000 / (4 * MARGIN);
    expect(grantedAt[0]).toBeCloseTo(20 + interval);
    expect(grantedAt[2]).toBeCloseTo(20 + 3 * interval);
    expect(limiter.describe()).toMatch(/pacing at 3\.8 requests\/s; 1 throttled answer seen; .*names a limit of 4 requests per second/);
  });

  test('the first wave: once its first answer is back, later attempts wait for the rest, so its throttling answer sets the pace first', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    const wave = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(wave.map((p) => p.waitedMs)).toEqual([0, 0, 0, 0]);
    await clock.advanceTo(100);
    limiter.settle(wave[0] as Permit, { throttled: false });
    const { grantedAt } = acquireAll(limiter, clock, 3);
    await clock.advanceTo(110);
    limiter.settle(wave[1] as Permit, { throttled: false });
    limiter.settle(wave[2] as Permit, { throttled: false });
    await clock.advanceTo(130);
    expect(grantedAt).toEqual([]); // still waiting for the fourth answer
    limiter.settle(wave[3] as Permit, { throttled: true, limitHint: 3 });
    await drain(clock);
    const interval = 1000 / (3 * MARGIN);
    expect(grantedAt[0]).toBeCloseTo(130 + interval);
    expect(grantedAt[2]).toBeCloseTo(130 + 3 * interval);
  });

  test('the first wave holds later attempts for at most FIRST_WAVE_HOLD_MS, and only once', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    const wave = await Promise.all([limiter.acquire(), limiter.acquire()]);
    await clock.advanceTo(50);
    limiter.settle(wave[0] as Permit, { throttled: false }); // wave[1] never answers (a hung call)
    const held = acquireAll(limiter, clock, 2);
    await drain(clock);
    expect(held.grantedAt).toEqual([50 + FIRST_WAVE_HOLD_MS, 50 + FIRST_WAVE_HOLD_MS]);
    // Unthrottled after that: tokens at once, no timer.
    const later = await Promise.all([limiter.acquire(), limiter.acquire()]);
    expect(later.map((p) => p.waitedMs)).toEqual([0, 0]);
    expect(clock.pendingTimers).toBe(0);
  });

  test('successful answers change nothing', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    const permit = await limiter.acquire();
    limiter.settle(permit, { throttled: false });
    expect(limiter.learned()).toEqual({ limit: undefined, named: undefined, throttled: 0 });
    expect(limiter.describe()).toBe('not pacing; 0 throttled answers seen');
  });

  test.each([
    [{ maxRequestsPerSecond: 0 }, /maxRequestsPerSecond.*positive number, got 0/],
    [{ maxRequestsPerSecond: Number.NaN }, /maxRequestsPerSecond/],
    [{ maxRequestsPerSecond: '5' as unknown as number }, /maxRequestsPerSecond/],
    [{ adaptive: 'yes' as unknown as boolean }, /`adaptive` must be true or false/],
  ])('rejects bad options %p', (options, message) => {
    expect(() => new RateLimiter(options)).toThrow(ClarifaiValidationError);
    expect(() => new RateLimiter(options)).toThrow(message);
  });
});
