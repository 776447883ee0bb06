// Scenario 4: the emulator stops in the middle of an upload of N inputs and comes back after
// `downMs` on the same port and db. One addInputs call must finish on its own, every input once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { allStored, compareStored, emulatorClient, KEY, now, numberedInputs, startEmulator } from './lib.mjs';

const retry = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };

export async function connectionLoss(n, downMs = 1_000) {
  const dir = mkdtempSync(path.join(tmpdir(), 'chaos-conn-'));
  const db = path.join(dir, 'emulator.db');
  let emulator = await startEmulator({ apiKeys: [KEY], db, latencyMs: 1 });
  const port = emulator.port;
  const events = [];
  const client = emulatorClient(emulator.target, { retry, batchSize: 64, concurrency: 2, onCall: (e) => events.push(e) });
  let outage;
  const bounce = async () => {
    await emulator.close();
    const stoppedAt = performance.timeOrigin + now();
    await sleep(downMs);
    emulator = await startEmulator({ apiKeys: [KEY], db, port, latencyMs: 1 });
    return { stoppedAt, backAt: performance.timeOrigin + now() };
  };
  const started = now();
  try {
    const result = await client.addInputs(numberedInputs(n, 'bounce'), {
      onProgress: ({ done }) => {
        if (done >= n / 4 && outage === undefined) outage = bounce();
      },
    });
    const { stoppedAt, backAt } = await outage;
    const elapsed = now() - started;
    const firstOk = events.find((e) => e.grpcCode === 0 && e.startedAt >= backAt);
    const check = compareStored(await allStored(client), n, 'bounce');
    return {
      n,
      downMs,
      added: result.added.length,
      failed: result.failed.length,
      refusedAttempts: events.filter((e) => e.grpcCodeName === 'UNAVAILABLE').length,
      recoveredAfterMs: firstOk ? firstOk.startedAt - stoppedAt : undefined,
      seconds: elapsed / 1000,
      ...check,
    };
  } finally {
    client.close();
    await outage?.catch(() => undefined);
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
