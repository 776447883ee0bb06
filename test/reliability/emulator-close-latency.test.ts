/**
 * A call held in the emulator's latency wait must not outlive close(): its wait ends (no timer
 * left pending) and no handler runs on the closed db ("The database connection is not open").
 */
import { startEmulator, type ReceivedCall } from '../../src/emulator';
import { emulatorClient, RELIABILITY_KEY } from './support';

test('close() ends calls waiting in the latency layer: answered by the time close() resolves, no handler on a closed db', async () => {
  const lines: string[] = [];
  let onArrival!: (call: ReceivedCall) => void;
  const arrival = new Promise<ReceivedCall>((resolve) => (onArrival = resolve));
  const emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY], latencyMs: 60_000, shutdownGraceMs: 0, log: (l) => lines.push(l), onCallReceived: onArrival });
  const client = emulatorClient(emulator.target, { timeoutMs: 100, retry: false });
  const answer = client.getInputCount().catch((err: unknown) => err);
  const call = await arrival; // the server holds it in the 60 s latency wait
  expect(await answer).toBeInstanceOf(Error); // the client gave up; the server still waits
  client.close();
  let finished = false;
  void call.finished.then(() => (finished = true));
  await emulator.close();
  await Promise.resolve();
  // A wait that outlived close() would still hold the call (and its timer) here, for a minute.
  expect(finished).toBe(true);
  expect(lines).toEqual([]);
});
