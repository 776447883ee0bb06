/**
 * Issue 7.3 (light): kill -9 the emulator process 5 times while two uploaders write to its
 * file db. After every restart the db opens, every input acknowledged to a client is there,
 * and nothing is doubled. (`make chaos` does 20 kills.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requireBuiltCli, startEmulatorProcess } from '../support/cli-process';
import { allStored, emulatorClient, RELIABILITY_KEY } from './support';

const KILLS = 5;
const BATCH = 64;

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(path.join(tmpdir(), 'rel-emu-kill-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test(`kill -9 during uploads, ${KILLS} times: every acknowledged input survives, the db always opens`, async () => {
  const db = path.join(dir, 'emulator.db');
  const acknowledged = new Set<string>();
  const args = ['--api-key', RELIABILITY_KEY, '--db', db];

  for (let round = 0; round < KILLS; round++) {
    const emulator = await startEmulatorProcess(args); // the db opens, or this throws
    const client = emulatorClient(emulator.target, { retry: false, timeoutMs: 5_000 });
    const before = await allStored(client);
    // Everything acknowledged so far is there, once.
    const ids = new Set(before.map((input) => input.id));
    expect(ids.size).toBe(before.length);
    expect([...acknowledged].filter((id) => !ids.has(id))).toEqual([]);

    let ackedThisRound = 0;
    let killed = false;
    const uploader = async (lane: number): Promise<void> => {
      for (let b = 0; !killed; b++) {
        const batch = Array.from({ length: BATCH }, (_, i) => ({ id: `r${round}-l${lane}-b${b}-${i}`, text: { raw: `round ${round} lane ${lane} batch ${b} #${i} ${'x'.repeat(200)}` } }));
        try {
          const result = await client.addInputs(batch);
          for (const input of result.added) acknowledged.add(input.id);
          ackedThisRound += result.added.length;
        } catch {
          return; // the emulator is gone: what was in flight is unacknowledged
        }
        if (ackedThisRound >= 10 * BATCH && !killed) {
          killed = true;
          emulator.child.kill('SIGKILL'); // the other lane is mid-call
        }
      }
    };
    await Promise.all([uploader(0), uploader(1)]);
    expect(await emulator.stop()).toBeNull(); // ended by the signal, not an exit code
    client.close();
    expect(ackedThisRound).toBeGreaterThanOrEqual(10 * BATCH);
  }

  const emulator = await startEmulatorProcess(args);
  const client = emulatorClient(emulator.target);
  try {
    const ids = (await allStored(client)).map((input) => input.id);
    expect(new Set(ids).size).toBe(ids.length);
    const stored = new Set(ids);
    expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILLS * 10 * BATCH);
  } finally {
    client.close();
    await emulator.stop();
  }
}, 90_000);
