// Scenario 3: kill -9 the emulator process `kills` times while two uploaders write to its file
// db. After every restart the db must open, and every input acknowledged to a client must be
// there, once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allStored, emulatorClient, KEY, now, startEmulatorProcess } from './lib.mjs';

const BATCH = 64;
const BATCHES_BEFORE_KILL = 8;

export async function emulatorUnderKills(kills) {
  const dir = mkdtempSync(path.join(tmpdir(), 'chaos-emu-'));
  const db = path.join(dir, 'emulator.db');
  const args = ['--api-key', KEY, '--db', db];
  const acknowledged = new Set();
  let opened = 0;
  let lostAfterRestart = 0;
  let doubled = 0;
  let unacknowledgedButStored = 0;
  const restartMs = [];
  const started = now();
  const check = async (client) => {
    const ids = (await allStored(client)).map((input) => input.id);
    const stored = new Set(ids);
    doubled += ids.length - stored.size;
    lostAfterRestart += [...acknowledged].filter((id) => !stored.has(id)).length;
    return stored;
  };
  try {
    for (let round = 0; round < kills; round++) {
      const t0 = now();
      const emulator = await startEmulatorProcess(args);
      restartMs.push(now() - t0);
      opened++;
      const client = emulatorClient(emulator.target, { retry: false, timeoutMs: 10_000 });
      await check(client);
      let acked = 0;
      let killed = false;
      const uploader = async (lane) => {
        for (let b = 0; !killed; b++) {
          const batch = Array.from({ length: BATCH }, (_, i) => ({ id: `r${round}-l${lane}-b${b}-${i}`, text: { raw: `round ${round} lane ${lane} batch ${b} #${i} ${'x'.repeat(200)}` } }));
          try {
            const result = await client.addInputs(batch);
            for (const input of result.added) acknowledged.add(input.id);
            acked += result.added.length;
          } catch {
            return; // the emulator is gone: what was in flight is unacknowledged
          }
          if (acked >= BATCHES_BEFORE_KILL * BATCH && !killed) {
            killed = true;
            emulator.child.kill('SIGKILL'); // the other lane is mid-call
          }
        }
      };
      await Promise.all([uploader(0), uploader(1)]);
      const exit = await emulator.exited;
      client.close();
      if (exit.signal !== 'SIGKILL') throw new Error(`emulator round ${round} ended with ${exit.code}, not by kill -9`);
    }
    const emulator = await startEmulatorProcess(args);
    opened++;
    const client = emulatorClient(emulator.target);
    const stored = await check(client);
    unacknowledgedButStored = stored.size - acknowledged.size;
    client.close();
    emulator.child.kill('SIGTERM');
    await emulator.exited;
    return {
      kills,
      opened,
      acknowledged: acknowledged.size,
      stored: stored.size,
      unacknowledgedButStored,
      lostAfterRestart,
      doubled,
      medianRestartMs: restartMs.sort((a, b) => a - b)[Math.floor(restartMs.length / 2)],
      seconds: (now() - started) / 1000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
