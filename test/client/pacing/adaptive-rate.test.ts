import { AdaptiveRate, MARGIN, MIN_RATE, PROBE_AFTER_MS } from '../../../src/client/call/pacing/adaptive-rate';
import { status } from '@grpc/grpc-js';
import { limitHint } from '../../../src/client/call/pacing/limit-hint';
import { throttleSignal } from '../../../src/client/call/pacing/throttle-signal';
import { ClarifaiApiError, ClarifaiTransportError } from '../../../src/client/errors';
import { StatusCode } from '../../../src/generated/clarifai/api/status/status_code.pb';

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

  test('without a named limit, a lone throttle among accepted calls is chance: no pacing yet', () => {
    const model = new AdaptiveRate();
    const sends = sendEvenly(model, 0, 1000, 10);
    expect(model.recordThrottle(sends[9]!, 1000)).toBe(false);
    expect(model.rate(1000)).toBe(Infinity);
  });

  test('without a named limit, once more than half the last second is throttled, the limit is the rate accepted', () => {
    const model = new AdaptiveRate();
    const sends = sendEvenly(model, 0, 1000, 10);
    for (const record of sends.slice(4, 9)) model.recordThrottle(record, 1000);
    expect(model.learned().limit).toBeUndefined(); // 5 of 10 throttled: not more than half
    model.recordThrottle(sends[9]!, 1000);
    expect(model.learned().limit).toBe(4);
    expect(model.rate(1000)).toBeCloseTo(4 * MARGIN);
  });

  test('random throttling of a fifth of the calls does not slow the client down', () => {
    const model = new AdaptiveRate();
    const sends = sendEvenly(model, 0, 10_000, 1000);
    sends.forEach((record, i) => {
      if (i % 5 === 4) model.recordThrottle(record, record.at + 5);
    });
    expect(model.learned()).toEqual({ limit: undefined, named: undefined, throttled: 200 });
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
    const sends = sendEvenly(model, 0, 10, 8);
    for (const record of sends.slice(0, 7)) record.throttled = true;
    model.recordThrottle(sends[7]!, 20);
    expect(model.learned().limit).toBe(MIN_RATE);
  });

  test('after a quiet spell the rate grows back to the named limit, and no further', () => {
    const model = new AdaptiveRate();
    const first = sendEvenly(model, 0, 1000, 20);
    model.recordThrottle(first[19]!, 1000, 15);
    // Another client on the key: 8 of the next 20 throttled, 12 accepted in 2 s.
    const paced = sendEvenly(model, 1000, 2000, 20);
    for (const record of paced.slice(0, 7)) record.throttled = true;
    model.recordThrottle(paced[19]!, 3000, 15);
    const cut = model.rate(3000);
    expect(cut).toBeCloseTo(6 * MARGIN, 1);
    expect(model.rate(3000 + PROBE_AFTER_MS)).toBeCloseTo(cut);
    expect(model.rate(3000 + PROBE_AFTER_MS + 2000)).toBeGreaterThan(cut * 1.2);
    expect(model.rate(3000 + PROBE_AFTER_MS + 60_000)).toBeCloseTo(15 * MARGIN);
  });

  test('without a named limit, pacing ends once the throttling has stopped for long enough', () => {
    const model = new AdaptiveRate({ ceiling: 50 });
    const sends = sendEvenly(model, 0, 1000, 10);
    for (const record of sends.slice(3, 9)) record.throttled = true;
    model.recordThrottle(sends[9]!, 1000);
    expect(model.rate(1000)).toBeCloseTo(3 * MARGIN);
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

describe('throttleSignal', () => {
  const api = (code: number, details = '') => new ClarifaiApiError({ method: 'm', statusCode: code, statusCodeName: 'X', description: 'Making too many requests', details, reqId: '' });
  const transport = (code: number, details: string) => new ClarifaiTransportError({ method: 'm', grpcCode: code, details });
  test.each([
    ['CONN_THROTTLED naming its limit', api(StatusCode.CONN_THROTTLED, 'exceeded limit of 15 requests per second'), { limitHint: 15 }],
    ['CONN_THROTTLED without one', api(StatusCode.CONN_THROTTLED), { limitHint: undefined }],
    ['RPC_REQUEST_QUEUE_FULL', api(StatusCode.RPC_REQUEST_QUEUE_FULL), { limitHint: undefined }],
    ['gRPC RESOURCE_EXHAUSTED', transport(status.RESOURCE_EXHAUSTED, 'server overloaded'), { limitHint: undefined }],
    ['a message over the size limit', transport(status.RESOURCE_EXHAUSTED, 'Received message larger than max (5 vs. 4)'), undefined],
    ['CONN_EXCEED_HOURLY_LIMIT (a quota, not a rate)', api(StatusCode.CONN_EXCEED_HOURLY_LIMIT), undefined],
    ['UNAVAILABLE', transport(status.UNAVAILABLE, ''), undefined],
    ['not a Clarifai error', new Error('x'), undefined],
  ])('%s', (_name, error, expected) => {
    expect(throttleSignal(error)).toEqual(expected);
  });
});
