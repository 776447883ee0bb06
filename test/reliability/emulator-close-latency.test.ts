/**
 * A call held in the emulator's latency wait must not outlive close(): no timer may stay
 * pending, and no handler may run on the closed db ("The database connection is not open").
 */
import { startEmulator } from '../../src/emulator';
import { emulatorClient, RELIABILITY_KEY } from './support';

test('close() ends calls waiting in the latency layer: no timer left, no handler on a closed db', async () => {
  const lines: string[] = [];
  const emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY], latencyMs: 400, shutdownGraceMs: 0, log: (l) => lines.push(l) });
  const client = emulatorClient(emulator.target, { timeoutMs: 100, retry: false });
  await client.getInputCount().catch(() => undefined); // the client gives up; the server still waits
  client.close();
  const timersBefore = process.getActiveResourcesInfo().filter((t) => t === 'Timeout').length;
  await emulator.close();
  await new Promise((r) => setTimeout(r, 600)); // past the latency wait
  expect(lines).toEqual([]);
  const timersAfter = process.getActiveResourcesInfo().filter((t) => t === 'Timeout').length;
  expect(timersAfter).toBeLessThan(timersBefore);
});
