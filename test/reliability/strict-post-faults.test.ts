/** Issue 7.1, strict form: one addInputs call survives every fault code at 20%. */
import { startEmulator } from '../../src/emulator';
import { allStored, emulatorClient, numberedInputs, RELIABILITY_KEY, storedProblems } from './support';

test.each([
  ['DEADLINE_EXCEEDED', 'before'],
  ['DEADLINE_EXCEEDED', 'after'],
  ['RESOURCE_EXHAUSTED', 'before'],
  ['RESOURCE_EXHAUSTED', 'after'],
] as const)('%s, phase %s: one addInputs call stores all 1,000 once', async (code, phase) => {
  const emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY], faultRate: 0.2, faultCodes: [code], faultPhase: phase, faultSeed: 5 });
  const client = emulatorClient(emulator.target, { batchSize: 25 });
  try {
    const result = await client.addInputs(numberedInputs(1_000, 'strict'));
    expect(result.failed).toEqual([]);
    expect(storedProblems(await allStored(client), 1_000, 'strict')).toEqual([]);
  } finally {
    client.close();
    await emulator.close();
  }
});
