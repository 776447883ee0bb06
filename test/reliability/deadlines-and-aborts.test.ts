/**
 * Issue 7.4: a server slower than the deadline ends in DEADLINE_EXCEEDED on time; an abort in
 * the middle of a call, a backoff wait or a pagination leaves no handle and no timer behind
 * (compared with `process.getActiveResourcesInfo()` from before the test; this file is also run
 * under `jest --detectOpenHandles`, see RELIABILITY.md).
 */
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { ClarifaiAbortError, ClarifaiTransportError, type InputsClient } from '../../src';
import { PeerServer } from '../support/peer-server';
import { pinnedJitter } from '../client/fixtures';
import { emulatorClient, RELIABILITY_KEY } from './support';

const DEADLINE_MS = 300;
/** Timer granularity, event-loop turns and grpc-js's own cancellation on a 2-core machine. */
const MARGIN_MS = 200;

/** Resource types in use, counted (e.g. { TCPWrap: 1, Timeout: 2 }). */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Resource types of which more are in use now than in `baseline`, with both counts. */
function leftOver(baseline: Record<string, number>): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [type, count] of Object.entries(resources())) {
    if (count > (baseline[type] ?? 0)) extra[type] = `${count} now, ${baseline[type] ?? 0} before`;
  }
  return extra;
}

/** Waits (event-loop turns, at most ~1 s: sockets close asynchronously) until nothing is left over. */
async function settlesTo(baseline: Record<string, number>): Promise<Record<string, string>> {
  const until = Date.now() + 1_000;
  let extra = leftOver(baseline);
  while (Object.keys(extra).length > 0 && Date.now() < until) {
    await new Promise((resolve) => setImmediate(resolve));
    extra = leftOver(baseline);
  }
  return extra;
}

let baseline: Record<string, number>;
let emulator: RunningEmulator | undefined;
let peer: PeerServer | undefined;
let client: InputsClient | undefined;
beforeEach(() => {
  baseline = resources();
});
afterEach(async () => {
  client?.close();
  await emulator?.close();
  await peer?.close();
  client = undefined;
  emulator = undefined;
  peer = undefined;
  expect(await settlesTo(baseline)).toEqual({});
});

/**
 * A server that never answers `method` (a peer holding the call until it is cancelled). Not the
 * emulator's latency option: its wait outlives close() (see RELIABILITY.md, findings).
 */
async function hangingPeer(method: string): Promise<PeerServer> {
  const server = await PeerServer.start();
  server.script(method, { hang: true });
  return server;
}

test.each([
  ['GetInputCount', (c: InputsClient) => c.getInputCount()],
  ['ListInputs', (c: InputsClient) => c.listInputsPage({ perPage: 5 })],
  ['PostInputs', (c: InputsClient) => c.addInputs([{ id: 'slow1', text: { raw: 'slow' } }])],
])('%s against a server slower than the deadline: DEADLINE_EXCEEDED within deadline + margin', async (method, call) => {
  peer = await hangingPeer(method);
  client = emulatorClient(peer.target, { timeoutMs: DEADLINE_MS });
  const started = performance.now();
  const error = await call(client).catch((e: unknown) => e);
  const elapsed = performance.now() - started;
  expect(error).toBeInstanceOf(ClarifaiTransportError);
  expect((error as ClarifaiTransportError).grpcCodeName).toBe('DEADLINE_EXCEEDED');
  expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
  expect(elapsed).toBeLessThan(DEADLINE_MS + MARGIN_MS);
  expect(peer.callsTo(method)).toHaveLength(1); // no attempt after the deadline
});

test('an abort mid-call ends it at once', async () => {
  peer = await hangingPeer('PostInputs');
  client = emulatorClient(peer.target);
  const controller = new AbortController();
  const arrived = peer.nextCall('PostInputs');
  const pending = client.addInputs([{ id: 'a1', text: { raw: 'abort me' } }], { signal: controller.signal });
  await arrived; // the call is in flight at the server
  controller.abort(new Error('caller left'));
  const started = performance.now();
  const error = await pending.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ClarifaiAbortError);
  expect(((error as ClarifaiAbortError).cause as Error).message).toBe('caller left');
  expect(performance.now() - started).toBeLessThan(500);
});

test('an abort mid-pagination stops it, during a page in flight', async () => {
  emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY], latencyMs: 30, shutdownGraceMs: 0 });
  client = emulatorClient(emulator.target);
  await client.addInputs(Array.from({ length: 100 }, (_, i) => ({ text: { raw: `page ${i}` } })));
  const controller = new AbortController();
  const seen: string[] = [];
  const error = await (async () => {
    for await (const input of client!.listInputs({ perPage: 10, signal: controller.signal })) {
      seen.push(input.id);
      // Abort while the third page is in flight.
      if (seen.length === 20) setTimeout(() => controller.abort(), 10);
    }
  })().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ClarifaiAbortError);
  expect(seen).toHaveLength(20);
});

test('an abort during a backoff wait ends the wait and leaves no timer', async () => {
  emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY], faultRate: 1, faultCodes: ['UNAVAILABLE'] });
  const controller = new AbortController();
  client = emulatorClient(emulator.target, {
    retry: pinnedJitter(() => 0.99, { maxAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 30_000 }),
    onCall: (event) => event.willRetry && setImmediate(() => controller.abort()),
  });
  const started = performance.now();
  const error = await client.streamInputs({ signal: controller.signal }).next().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ClarifaiAbortError);
  expect(performance.now() - started).toBeLessThan(1_000);
});

test('breaking out of a pagination early stops fetching and leaves nothing behind', async () => {
  emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY], shutdownGraceMs: 0 });
  client = emulatorClient(emulator.target);
  await client.addInputs(Array.from({ length: 50 }, (_, i) => ({ text: { raw: `early ${i}` } })));
  let n = 0;
  for await (const _input of client.streamInputs({ perPage: 10 })) if (++n === 15) break;
  expect(n).toBe(15);
});
