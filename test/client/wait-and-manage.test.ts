/** waitForInputs, getInput, patchInputs, deleteInputs and getInputCount against the peer. */
import { ClarifaiAbortError, ClarifaiApiError, ClarifaiWaitTimeoutError, StatusCode } from '../../src';
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

/** Makes stored inputs report `code` until `polls` ListInputs calls have been answered. */
function pendingFor(polls: number, stuck: ReadonlySet<string> = new Set()): void {
  let answered = 0;
  fx.peer.on('ListInputs', (request) => {
    const page = fx.peer.store.listInputs(request);
    answered++;
    page.inputs = page.inputs.map((input: Wire) => ({
      ...input,
      status: { code: answered <= polls || stuck.has(input.id) ? StatusCode.INPUT_PENDING : input.status.code },
    }));
    return { response: page };
  });
}

test('waitForInputs polls with growing intervals until every input is terminal, and returns the final states', async () => {
  const client = fx.client();
  await client.addInputs([{ id: 'w1', text: { raw: '1' } }, { id: 'w2', text: { raw: '2' } }]);
  pendingFor(2);
  const final = await client.waitForInputs(['w2', 'w1'], { pollMs: 10, maxPollMs: 15 });
  expect(final.map((i) => [i.id, i.status?.code])).toEqual([
    ['w2', StatusCode.INPUT_SUCCESS],
    ['w1', StatusCode.INPUT_SUCCESS],
  ]);
  const polls = fx.peer.callsTo('ListInputs');
  expect(polls).toHaveLength(3);
  expect(polls[0]!.request.ids).toEqual(['w2', 'w1']);
  expect(polls[1]!.at - polls[0]!.at).toBeGreaterThanOrEqual(9);
  expect(polls[2]!.at - polls[1]!.at).toBeGreaterThanOrEqual(14);
});

test('waitForInputs can be aborted between polls', async () => {
  const controller = new AbortController();
  // Aborted as soon as the first poll has its answer: between that poll and the next.
  const client = fx.client({ onCall: (event) => event.method === 'ListInputs' && controller.abort() });
  await client.addInputs([{ id: 'slow', text: { raw: '1' } }]);
  pendingFor(1_000);
  await expect(client.waitForInputs(['slow'], { pollMs: 10_000, signal: controller.signal })).rejects.toBeInstanceOf(ClarifaiAbortError);
  // (a poll of the previous test, cut by its deadline, may still land at the peer: count this test's only)
  expect(fx.peer.callsTo('ListInputs').filter((c) => c.request.ids.includes('slow'))).toHaveLength(1);
});

test('getInput, patchInputs, getInputCount and deleteInputs (batched)', async () => {
  const client = fx.client({ batchSize: 100 });
  const ids = Array.from({ length: 250 }, (_, i) => `d${i}`);
  await client.addInputs(ids.map((id) => ({ id, text: { raw: id } })));
  expect((await client.getInputCount()).processed).toBe(250);

  const patched = await client.patchInputs([{ id: 'd1', concepts: ['new'], negativeConcepts: ['old'] }], 'merge');
  expect(patched.failed).toEqual([]);
  expect(patched.patched[0]!.input.data?.concepts.map((c) => [c.id, c.value])).toEqual([
    ['new', 1],
    ['old', 0],
  ]);
  expect(fx.peer.callsTo('PatchInputs')[0]!.request.action).toBe('merge');
  expect((await client.getInput('d1')).data?.text?.raw).toBe('d1');

  await client.deleteInputs(new Set(ids));
  expect(fx.peer.callsTo('DeleteInputs').map((c) => c.request.ids.length).sort()).toEqual([100, 100, 50]);
  expect(fx.peer.store.inputs.size).toBe(0);
  const gone = (await client.getInput('d1').catch((e: unknown) => e)) as ClarifaiApiError;
  expect(gone).toBeInstanceOf(ClarifaiApiError);
  expect(gone.statusCodeName).toBe('CONN_DOES_NOT_EXIST');
});

test('arguments are checked before sending', async () => {
  const client = fx.client();
  await expect(client.patchInputs([{ id: 'a' }], 'replace' as never)).rejects.toThrow('action must be "merge", "overwrite" or "remove"');
  await expect(client.patchInputs([{ id: 'a', image: { url: 'u' } } as never], 'merge')).rejects.toThrow('input #0 (id "a"): image is not a known field');
  await expect(client.getInput('')).rejects.toThrow('getInput: id must be a non-empty string');
  await expect(client.deleteInputs([...Array.from({ length: 300 }, (_, i) => `ok${i}`), ''])).rejects.toThrow('deleteInputs: ids[300] must be a non-empty string');
  await expect(client.deleteInputs('abc' as never)).rejects.toThrow('deleteInputs: ids must be an array or iterable of strings');
  await expect(client.waitForInputs('abc' as never)).rejects.toThrow('waitForInputs: ids must be an array of non-empty strings');
  expect(fx.peer.calls).toHaveLength(0);
});

// Last in the file: its final poll, cut by the deadline, may reach the peer after the test ends.
test('waitForInputs times out with the ids still pending', async () => {
  const client = fx.client();
  await client.addInputs([{ id: 'done', text: { raw: '1' } }, { id: 'stuck', text: { raw: '2' } }, { id: 'stuck2', text: { raw: '3' } }]);
  pendingFor(0, new Set(['stuck', 'stuck2']));
  // 1.5 s: time for the first poll to be answered even on a loaded machine, so 'done' is known done.
  const error = (await client.waitForInputs(['done', 'stuck', 'stuck2'], { pollMs: 10, timeoutMs: 1_500 }).catch((e: unknown) => e)) as ClarifaiWaitTimeoutError;
  expect(error).toBeInstanceOf(ClarifaiWaitTimeoutError);
  expect(error.pendingIds).toEqual(['stuck', 'stuck2']);
  expect(error.message).toBe('waitForInputs timed out after 1500 ms; 2 input(s) still pending: stuck, stuck2');
});
