import { AdaptiveRate, MARGIN, MIN_RATE, PROBE_AFTER_MS } from '../../../src/client/call/pacing/adaptive-rate';
import { limitHint } from '../../../src/client/call/pacing/limit-hint';

/** `count` sends spread evenly over [from, from + spanMs). */
function sendEvenly(model: AdaptiveRate, from: number, spanMs: number, count: number) {
  return Array.from({ length: count }, (_, i) => model.recordSend(from + (i * spanMs) / count));
}

describe('limitHint', () => {
  test.each([
    ['exceeded limit of 15 requests per second', 15],
    ["over the emulator's throttle of 3 calls per second", 3],
    ['Exceeded Limit Of 2.5 requests per second', 2.5],
    ['Making too many requests', undefined],
    ['exceeded limit of 0 requests per second', undefined],
    ['', undefined],
  ])('%j -> %p', (text, expected) => {
    expect(limitHint(text)).toBe(expected);
  });
});

describe('AdaptiveRate', () => {
  test('does not pace before any throttling, or paces at the ceiling', () => {
    expect(new AdaptiveRate().rate(0)).toBe(Infinity);
    expect(new AdaptiveRate({ ceiling: 7 }).rate(0)).toBe(7);
  });

  test('a first throttle that names the limit paces just under it', () => {
    const model = new AdaptiveRate();
    const sends = sendEvenly(model, 0, 100, 4);
    expect(model.recordThrottle(sends[3]!, 120, 3)).toBe(true);
    expect(model.rate(121)).toBeCloseTo(3 * MARGIN);
    expect(model.learned()).toEqual({ limit: 3, named: 3, throttled: 1 });
  });

  test('a first throttle without a named limit takes the rate accepted over the last second', () => {
    const model = new AdaptiveRate();
    sendEvenly(model, 0, 500, 2); // older than a second at t=1600: not counted
    const recent = sendEvenly(model, 700, 800, 6);
    model.recordThrottle(recent[5]!, 1600);
    // 5 accepted in [600, 1600]
    expect(model.learned().limit).toBe(5);
    expect(model.rate(1600)).toBeCloseTo(5 * MARGIN);
  });

  test('throttles of attempts sent before the last change carry no news', () => {
    const model = new AdaptiveRate();
    const early = sendEvenly(model, 0, 10, 5);
    model.recordThrottle(early[3]!, 20, 4);
    expect(model.recordThrottle(early[4]!, 21)).toBe(false);
    expect(model.learned()).toEqual({ limit: 4, named: 4, throttled: 2 });
  });

  test('a client sharing the key settles on the share the service accepts', () => {
    const model = new AdaptiveRate();
    const first = sendEvenly(model, 0, 10, 16);
    model.recordThrottle(first[15]!, 20, 15);
    // Paced at 14.25/s for 2 s, but another client takes half the service's 15/s.
    const paced = sendEvenly(model, 20, 2000, 28);
    paced.forEach((record, i) => {
      if (i % 2 === 1) record.throttled = true;
    });
    model.recordThrottle(paced[27]!, 2020, 15);
    expect(model.learned().limit).toBeCloseTo(7, 0);
    expect(model.rate(2021)).toBeLessThan(7.5 * MARGIN);
  });

  test('never learns a limit below MIN_RATE', () => {
    const model = new AdaptiveRate();
    const [only] = sendEvenly(model, 0, 1, 1);
    model.recordThrottle(only!, 5);
    expect(model.learned().limit).toBe(MIN_RATE);
  });

  test('after a quiet spell the rate grows back to the named limit, and no further', () => {
    const model = new AdaptiveRate();
    const first = sendEvenly(model, 0, 1000, 20);
    model.recordThrottle(first[19]!, 1000, 15);
    const paced = sendEvenly(model, 1000, 2000, 20); // 10/s accepted, one throttled
    model.recordThrottle(paced[19]!, 3000, 15);
    const cut = model.rate(3000);
    expect(cut).toBeCloseTo(19 / 2 * MARGIN, 1);
    expect(model.rate(3000 + PROBE_AFTER_MS)).toBeCloseTo(cut);
    expect(model.rate(3000 + PROBE_AFTER_MS + 2000)).toBeGreaterThan(cut * 1.2);
    expect(model.rate(3000 + PROBE_AFTER_MS + 60_000)).toBeCloseTo(15 * MARGIN);
  });

  test('without a named limit, pacing ends once the throttling has stopped for long enough', () => {
    const model = new AdaptiveRate({ ceiling: 50 });
    const sends = sendEvenly(model, 0, 1000, 10);
    model.recordThrottle(sends[9]!, 1000);
    expect(model.rate(1000)).toBeCloseTo(9 * MARGIN);
    expect(model.rate(1000 + PROBE_AFTER_MS + 30_000)).toBe(50);
  });

  test('adaptive: false keeps the ceiling whatever the answers', () => {
    const model = new AdaptiveRate({ ceiling: 10, adaptive: false });
    const sends = sendEvenly(model, 0, 1000, 10);
    expect(model.recordThrottle(sends[9]!, 1000, 3)).toBe(false);
    expect(model.rate(1000)).toBe(10);
    expect(model.learned()).toEqual({ limit: undefined, named: 3, throttled: 1 });
  });

  test('a learned limit above the ceiling paces at the ceiling', () => {
    const model = new AdaptiveRate({ ceiling: 2 });
    const sends = sendEvenly(model, 0, 100, 4);
    model.recordThrottle(sends[3]!, 100, 15);
    expect(model.rate(100)).toBe(2);
  });
});
