/**
 * Issue 7.1: 1,000 inputs through addInputs at 20% injected faults, for every fault code and
 * both phases. Afterwards the app holds exactly those inputs, each once, with the right data.
 * (`make chaos` runs the same at 10,000 per combination and prints attempts and times.)
 */
import { startEmulator, FAULT_CODES, type FaultCode, type FaultPhase, type RunningEmulator } from '../../src/emulator';
import type { InputsClient } from '../../src';
import { allStored, CallLog, emulatorClient, numberedInputs, RELIABILITY_KEY, storedProblems } from './support';
import { uploadUntilDone } from '../../src/client/upload-until-done';

const N = 1_000;
const RATE = 0.2;
/** 40 batches per combination, so a 20% fault rate is sure to hit some. */
const BATCH = 25;

/**
 * Faults the client retries on PostInputs (README, Retries). DEADLINE_EXCEEDED and
 * RESOURCE_EXHAUSTED are retried for reads only, so for those addInputs may stop with the
 * error and the caller sends the rest again (see upload-until-done.ts and RELIABILITY.md).
 */
const RETRIED_ON_POST: ReadonlySet<FaultCode> = new Set(['UNAVAILABLE', 'CONN_THROTTLED', 'RPC_SERVER_UNAVAILABLE']);

const combos: Array<[FaultCode, FaultPhase, number]> = FAULT_CODES.flatMap((code, c) =>
  (['before', 'after'] as const).map((phase, p): [FaultCode, FaultPhase, number] => [code, phase, 100 + c * 2 + p]),
);

let emulator: RunningEmulator | undefined;
let client: InputsClient | undefined;
afterEach(async () => {
  client?.close();
  await emulator?.close();
  client = undefined;
  emulator = undefined;
});

test.each(combos)('%s, phase %s: every input stored exactly once with its data', async (code, phase, seed) => {
  emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY], faultRate: RATE, faultCodes: [code], faultPhase: phase, faultSeed: seed });
  const log = new CallLog();
  client = emulatorClient(emulator.target, { onCall: log.onCall, batchSize: BATCH });
  const tag = `${code}-${phase}`;

  if (RETRIED_ON_POST.has(code)) {
    // One call, ids made by the client: nothing fails, nothing is doubled.
    const result = await client.addInputs(numberedInputs(N, tag));
    expect(result.failed).toEqual([]);
    expect(result.added).toHaveLength(N);
  } else {
    const inputs = numberedInputs(N, tag, true) as Array<ReturnType<typeof numberedInputs>[number] & { id: string }>;
    const outcome = await uploadUntilDone(client, inputs, 60);
    expect(outcome.present.size).toBe(N);
    expect(outcome.errors.every((message) => message.includes(code))).toBe(true);
  }
  // The faults really happened: some PostInputs attempts failed and were survived.
  expect(log.failedAttempts('PostInputs')).toBeGreaterThan(0);
  expect(log.attempts('PostInputs')).toBeGreaterThan(N / BATCH);

  expect(storedProblems(await allStored(client), N, tag)).toEqual([]);
  const counts = await client.getInputCount();
  expect(counts.processed + counts.toProcess + counts.processing + counts.errors).toBe(N);
}, 30_000);
