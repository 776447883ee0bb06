/**
 * Issue 7.5: the emulator stops in the middle of an upload and comes back 500 ms later on the
 * same port and db. The client recovers by itself, within its retry budget: one addInputs call,
 * every input added once, none failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { allStored, CallLog, emulatorClient, numberedInputs, RELIABILITY_KEY, storedProblems } from './support';

const N = 2_000;
const DOWN_MS = 500;
/** Ceilings of the waits: 100, 200, 400, 800, then 1000 ms: up to ~5.5 s of backoff over 10 attempts. */
const retry = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rel-conn-loss-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('stopped mid-upload and restarted on the same port and db: the client recovers on its own', async () => {
  const db = path.join(dir, 'emulator.db');
  let emulator: RunningEmulator = await startEmulator({ apiKeys: [RELIABILITY_KEY], db, latencyMs: 2 });
  const port = emulator.port;
  const log = new CallLog();
  const client = emulatorClient(emulator.target, { retry, batchSize: 25, concurrency: 2, onCall: log.onCall });
  let outage: Promise<{ stoppedAt: number; backAt: number }> | undefined;
  const bounce = async (): Promise<{ stoppedAt: number; backAt: number }> => {
    await emulator.close();
    const stoppedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
    emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY], db, port, latencyMs: 2 });
    return { stoppedAt, backAt: performance.now() };
  };
  try {
    const result = await client.addInputs(numberedInputs(N, 'bounce'), {
      onProgress: ({ done }) => {
        if (done >= N / 4 && outage === undefined) outage = bounce();
      },
    });
    const { stoppedAt, backAt } = await outage!;
    expect(result.failed).toEqual([]);
    expect(result.added).toHaveLength(N);

    // The outage was seen (UNAVAILABLE attempts while it was down) and survived by retries alone.
    const refused = log.events.filter((e) => e.grpcCodeName === 'UNAVAILABLE');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.willRetry)).toBe(true);
    // The first answer after the restart came within the retry budget.
    const firstOkAfter = log.events.find((e) => e.grpcCode === 0 && e.startedAt >= performance.timeOrigin + backAt);
    expect(firstOkAfter).toBeDefined();
    expect(firstOkAfter!.startedAt - (performance.timeOrigin + stoppedAt)).toBeLessThan(DOWN_MS + 5_500);

    expect(storedProblems(await allStored(client), N, 'bounce')).toEqual([]);
  } finally {
    client.close();
    await outage?.catch(() => undefined);
    await emulator.close();
  }
}, 60_000);
