/** waitForInputs at scale: polls with `concurrency`, reports progress, and its errors carry the last known state of every input. */
import { ClarifaiNotFoundError, ClarifaiWaitTimeoutError, StatusCode, type WaitProgress } from '../../src';
import { startPeerFixture, type PeerFixture } from './fixtures';
import type { Wire } from '../support/peer-store';

let fx: PeerFixture;
beforeAll(async () => {
  fx = await startPeerFixture();
});
afterAll(() => fx.close());
beforeEach(() => {
  fx.peer.calls.splice(0);
  fx.peer.store.inputs.clear();
  fx.peer.on('ListInputs', () => ({ store: true }));
});

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `w${i}`);

test('one poll of 1,000 ids is 8 ListInputs calls, at most `concurrency` in flight; progress after each poll', async () => {
  const client = fx.client();
  await client.addInputs(ids(1_000).map((id) => ({ id, text: { raw: id } })));
  fx.peer.calls.splice(0);
  let inFlight = 0;
  let most = 0;
  let polls = 0;
  const releases: Array<() => void> = [];
  fx.peer.on('ListInputs', async (request) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise<void>((resolve) => releases.push(resolve));
    inFlight--;
    const page = fx.peer.store.listInputs(request);
    // first poll: the inputs after w499 are still pending, w7 failed
    const pendingNow = polls < 8;
    polls++;
    page.inputs = page.inputs.map((input: Wire) => ({
      ...input,
      status: { code: input.id === 'w7' ? StatusCode.INPUT_FAILED : pendingNow && Number(input.id.slice(1)) >= 500 ? StatusCode.INPUT_PENDING : StatusCode.INPUT_SUCCESS },
    }));
    return { response: page };
  });
  const progress: WaitProgress[] = [];
  const waiting = client.waitForInputs(ids(1_000), { concurrency: 3, pollMs: 1, onProgress: (p) => progress.push(p) });
  let settled = false;
  void waiting.finally(() => (settled = true));
  while (!settled) {
    const next = releases.shift();
    if (next === undefined) await new Promise((resolve) => setImmediate(resolve));
    else next();
  }
  const final = await waiting;
  expect(final).toHaveLength(1_000);
  expect(most).toBe(3);
  const calls = fx.peer.callsTo('ListInputs');
  // first poll: 8 calls of up to 128 ids; second poll: only the 500 still pending, 4 calls
  expect(calls.map((c) => c.request.ids.length)).toEqual([128, 128, 128, 128, 128, 128, 128, 104, 128, 128, 128, 116]);
  expect(progress).toEqual([
    { done: 500, failed: 1, total: 1_000 },
    { done: 1_000, failed: 1, total: 1_000 },
  ]);
});

test('on timeout the error carries the last known state of every input', async () => {
  const client = fx.client();
  await client.addInputs([{ id: 'done', text: { raw: '1' } }, { id: 'slow', text: { raw: '2' } }]);
  fx.peer.on('ListInputs', (request) => {
    const page = fx.peer.store.listInputs(request);
    page.inputs = page.inputs.map((input: Wire) => ({ ...input, status: { code: input.id === 'slow' ? StatusCode.INPUT_PENDING : StatusCode.INPUT_SUCCESS } }));
    return { response: page };
  });
  const error = (await client.waitForInputs(['done', 'slow'], { timeoutMs: 200, pollMs: 20 }).catch((e: unknown) => e)) as ClarifaiWaitTimeoutError;
  expect(error).toBeInstanceOf(ClarifaiWaitTimeoutError);
  expect(error.pendingIds).toEqual(['slow']);
  expect([...error.lastKnown.keys()]).toEqual(['done', 'slow']);
  expect(error.lastKnown.get('done')?.status?.code).toBe(StatusCode.INPUT_SUCCESS);
  expect(error.lastKnown.get('slow')?.status?.code).toBe(StatusCode.INPUT_PENDING);
});

test('on not-found the error carries the last known state of the others', async () => {
  const client = fx.client();
  await client.addInputs([{ id: 'here', text: { raw: '1' } }]);
  const error = (await client.waitForInputs(['here', 'ghost'], { pollMs: 5 }).catch((e: unknown) => e)) as ClarifaiNotFoundError;
  expect(error).toBeInstanceOf(ClarifaiNotFoundError);
  expect(error.notFoundIds).toEqual(['ghost']);
  expect(error.lastKnown.get('here')?.id).toBe('here');
  expect(error.lastKnown.has('ghost')).toBe(true);
  expect(error.lastKnown.get('ghost')).toBeUndefined();
});
