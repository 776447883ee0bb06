/**
 * Pacing (issue 13) end to end: the client against the emulator's token bucket (`throttleRps`),
 * and against a peer that throttles every call.
 */
import { InputsClient, RateLimiter, type CallEvent, type ClarifaiApiError } from '../../src';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { startPeerFixture, type PeerFixture } from './fixtures';

const KEY = 'pacing-key';
const texts = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ id: `${tag}-${i}`, text: { raw: `text ${tag} ${i}` } }));
const throttled = (events: CallEvent[]) => events.filter((e) => e.statusCode === StatusCode.CONN_THROTTLED);

let emulator: RunningEmulator | undefined;
const clients: InputsClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await emulator?.close();
  emulator = undefined;
});

function emulatorClient(target: string, events: CallEvent[], options: ConstructorParameters<typeof InputsClient>[0] = {}): InputsClient {
  const client = new InputsClient({ apiKey: KEY, target, insecure: true, onCall: (e) => events.push(e), ...options });
  clients.push(client);
  return client;
}

test('3,000 text inputs at 3 requests/s with default options: nothing fails, few calls are throttled, waits are reported', async () => {
  emulator = await startEmulator({ apiKeys: [KEY], throttleRps: 3 });
  const events: CallEvent[] = [];
  const client = emulatorClient(emulator.target, events);
  const result = await client.addInputs(texts(3000, 'paced'));
  expect(result.failed).toEqual([]);
  expect(result.added).toHaveLength(3000);
  // The emulator says "throttle of 3 calls per second": the limiter believes it and paces under it.
  expect(client.rateLimiter?.learned()).toMatchObject({ limit: 3, named: 3 });
  expect(client.rateLimiter?.currentRate).toBeCloseTo(2.85);
  // Attempts sent before the first throttling answer arrived went out blind (the bench, with the
  // emulator in its own process, measures the whole run); from then on the limiter paces them.
  const learnedAt = Math.min(...throttled(events).map((e) => e.startedAt + e.durationMs));
  const paced = events.filter((e) => e.startedAt > learnedAt);
  expect(paced.length).toBeGreaterThan(15);
  expect(throttled(paced).length).toBeLessThanOrEqual(1);
  const waited = events.filter((e) => e.rateLimitWaitMs !== undefined);
  expect(waited.length).toBeGreaterThan(events.length / 2);
  expect(waited.every((e) => (e.rateLimitWaitMs ?? 0) > 0)).toBe(true);
  // The same job without pacing gives up (the previous behaviour): the limiter is what finishes it.
  const unpaced = emulatorClient(emulator.target, [], { rateLimiter: false });
  await expect(unpaced.addInputs(texts(3000, 'unpaced'))).rejects.toThrow(/CONN_THROTTLED/);
}, 60_000);

test('two clients sharing one limiter share the rate: the sum of their calls stays under the limit', async () => {
  emulator = await startEmulator({ apiKeys: [KEY], throttleRps: 5 });
  const limiter = new RateLimiter();
  const events: CallEvent[] = [];
  const a = emulatorClient(emulator.target, events, { rateLimiter: limiter, batchSize: 20 });
  const b = emulatorClient(emulator.target, events, { rateLimiter: limiter, batchSize: 20 });
  expect(a.rateLimiter).toBe(limiter);
  expect(b.rateLimiter).toBe(limiter);
  const [ra, rb] = await Promise.all([a.addInputs(texts(400, 'a')), b.addInputs(texts(400, 'b'))]);
  expect(ra.failed).toEqual([]);
  expect(rb.failed).toEqual([]);
  expect(ra.added.length + rb.added.length).toBe(800);
  expect(limiter.learned()).toMatchObject({ limit: 5, named: 5 });
  // Once the limit is learned, the two together are throttled rarely (one client each would be
  // throttled about half the time).
  const firstAnswer = Math.min(...throttled(events).map((e) => e.startedAt + e.durationMs));
  const after = events.filter((e) => e.startedAt > firstAnswer + 1000);
  expect(after.length).toBeGreaterThan(20);
  expect(throttled(after).length).toBeLessThanOrEqual(0.1 * after.length);
}, 60_000);

describe('a service that throttles every call', () => {
  let fx: PeerFixture;
  beforeAll(async () => {
    fx = await startPeerFixture();
  });
  afterAll(() => fx.close());

  test('the call waits and tries again until its deadline, uncounted by maxAttempts, then names the limit and what was learned', async () => {
    fx.peer.on('GetInputCount', () => ({
      response: { status: { code: StatusCode.CONN_THROTTLED, description: 'Making too many requests', details: 'exceeded limit of 15 requests per second' } },
    }));
    const events: CallEvent[] = [];
    const client = fx.client({ retry: { maxAttempts: 2 }, timeoutMs: 2500, onCall: (e) => events.push(e) });
    const started = Date.now();
    const error = (await client.getInputCount().catch((e: unknown) => e)) as ClarifaiApiError;
    const elapsed = Date.now() - started;
    expect(error.statusCode).toBe(StatusCode.CONN_THROTTLED);
    expect(error.message).toMatch(/exceeded limit of 15 requests per second \(client rate limiter: pacing at [\d.]+ requests\/s; \d+ throttled answers seen; learned limit 1 requests\/s; the service names a limit of 15 requests per second\)/);
    expect(events.length).toBeGreaterThan(2);
    expect(events.every((e) => e.statusCode === StatusCode.CONN_THROTTLED)).toBe(true);
    // Each was followed by another try (the last one's, if any, waited for a token past the deadline: not sent, not reported).
    expect(events.slice(0, -1).every((e) => e.willRetry)).toBe(true);
    // Every attempt after the first waited for its token: at first 1/14.25 s (under the named 15/s),
    // then, nothing being accepted, about 1 s (the learned floor of 1 request/s).
    expect(events.slice(1).every((e) => (e.rateLimitWaitMs ?? 0) > 0)).toBe(true);
    expect(Math.max(...events.map((e) => e.rateLimitWaitMs ?? 0))).toBeGreaterThan(500);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(2500 + 2000);
  });
});
