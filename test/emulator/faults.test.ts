import { status as GrpcStatus } from '@grpc/grpc-js';
import { startEmulator } from '../../src/emulator';
import { seededRandom } from '../../src/emulator/faults/seeded-random';
import { TokenBucket } from '../../src/emulator/faults/token-bucket';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { startTestEmulator, TEST_KEY, textInputs, type TestEmulator } from '../support/emulator-harness';

let t: TestEmulator | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Counts the stored inputs, asking again when a call is hit by an injected fault. */
async function countStored(v2: TestEmulator['v2']): Promise<number> {
  for (;;) {
    try {
      const res = await v2.getInputCount();
      if (res.status?.code === StatusCode.SUCCESS) {
        const c = res.counts!;
        return c.processed + c.toProcess + c.errors + c.processing;
      }
    } catch {
      // an injected fault: ask again
    }
  }
}

describe('fault injection', () => {
  it('phase before: a gRPC fault fails the call and stores nothing', async () => {
    t = await startTestEmulator({ faultRate: 1, faultCodes: ['UNAVAILABLE'], faultPhase: 'before' });
    await expect(t.v2.postInputs({ inputs: textInputs(3) })).rejects.toMatchObject({ code: GrpcStatus.UNAVAILABLE, details: expect.stringContaining('injected fault UNAVAILABLE (phase before) in postInputs') });
    await t.close();
    t = await startTestEmulator({ faultRate: 0.5, faultSeed: 1, faultPhase: 'before' });
    expect(await countStored(t.v2)).toBe(0);
  });

  it('phase after: the write is committed but the answer is lost', async () => {
    t = await startTestEmulator({ faultRate: 0.5, faultSeed: 3, faultCodes: ['DEADLINE_EXCEEDED'], faultPhase: 'after' });
    let failed = 0;
    for (let b = 0; b < 10; b++) {
      try {
        await t.v2.postInputs({ inputs: textInputs(2, `b${b}`) });
      } catch (err) {
        expect(err).toMatchObject({ code: GrpcStatus.DEADLINE_EXCEEDED });
        failed++;
      }
    }
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(10);
    expect(await countStored(t.v2)).toBe(20);
  });

  it('Clarifai fault codes come back as gRPC OK with the status code', async () => {
    t = await startTestEmulator({ faultRate: 1, faultCodes: ['CONN_THROTTLED', 'RPC_SERVER_UNAVAILABLE'], faultSeed: 42 });
    const codes = new Set<number>();
    for (let i = 0; i < 10; i++) codes.add((await t.v2.listInputs({})).status!.code);
    expect([...codes].sort()).toEqual([StatusCode.CONN_THROTTLED, StatusCode.RPC_SERVER_UNAVAILABLE]);
  });

  it('the same seed gives the same faults', async () => {
    const run = async () => {
      const e = await startTestEmulator({ faultRate: 0.5, faultSeed: 99, faultCodes: ['RESOURCE_EXHAUSTED'] });
      const outcome: string[] = [];
      for (let i = 0; i < 12; i++) outcome.push(await e.v2.getInputCount().then(() => 'ok', (err: { code: number }) => String(err.code)));
      await e.close();
      return outcome;
    };
    const a = await run();
    expect(a).toContain(String(GrpcStatus.RESOURCE_EXHAUSTED));
    expect(await run()).toEqual(a);
  });

  it('throttle-rps answers CONN_THROTTLED above the rate', async () => {
    t = await startTestEmulator({ throttleRps: 3 });
    const codes = await Promise.all(Array.from({ length: 6 }, () => t!.v2.getInputCount().then((r) => r.status!.code)));
    expect(codes.filter((c) => c === StatusCode.SUCCESS).length).toBeGreaterThanOrEqual(3);
    expect(codes.filter((c) => c === StatusCode.CONN_THROTTLED).length).toBeGreaterThanOrEqual(1);
  });

  it('latency delays every call', async () => {
    t = await startTestEmulator({ latencyMs: { ms: 60, jitterMs: 10 }, faultSeed: 5 });
    const started = performance.now();
    await t.v2.getInputCount();
    expect(performance.now() - started).toBeGreaterThanOrEqual(49);
  });

  it.each([
    [{ faultRate: 1.5 }, /`faultRate` must be a number from 0 to 1/],
    [{ faultCodes: [] }, /`faultCodes` must be a non-empty array/],
    [{ faultCodes: ['BOOM'] }, /`faultCodes` must be made of UNAVAILABLE/],
    [{ faultPhase: 'during' }, /`faultPhase` must be "before" or "after"/],
    [{ latencyMs: -1 }, /`latencyMs`/],
    [{ throttleRps: 0 }, /`throttleRps` must be a positive number/],
  ])('refuses the bad fault option %j naming it', async (bad, message) => {
    await expect(startEmulator({ apiKeys: [TEST_KEY], ...(bad as object) })).rejects.toThrow(message);
  });
});

describe('fault building blocks', () => {
  it('seededRandom repeats per seed and stays in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(8)()).not.toBe(xs[0]);
  });

  it('TokenBucket allows a burst of one second, then the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(2, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    now = 500;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now = 10_000;
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });
});
