/** waitForInputs fails fast on ids the app does not have: one confirming poll, then ClarifaiNotFoundError. */
import { ClarifaiError, ClarifaiNotFoundError, ClarifaiWaitTimeoutError, StatusCode } from '../../src';
import { startPeerFixture, type PeerFixture } from './fixtures';
import type { Wire } from '../support/peer-store';

let fx: PeerFixture;
beforeAll(async () => {
  fx = await startPeerFixture();
});
afterAll(() => fx.close());
beforeEach(async () => {
  fx.peer.calls.splice(0);
  fx.peer.store.inputs.clear();
  fx.peer.on('ListInputs', () => ({ store: true }));
  await fx.client().addInputs(['done', 'slow'].map((id) => ({ id, text: { raw: id } })));
  fx.peer.calls.splice(0);
});

/** `slow` stays pending for good; the others answer from the store. */
function slowStaysPending(): void {
  fx.peer.on('ListInputs', (request) => {
    const page = fx.peer.store.listInputs(request);
    page.inputs = page.inputs.map((input: Wire) => (input.id === 'slow' ? { ...input, status: { code: StatusCode.INPUT_PENDING } } : input));
    return { response: page };
  });
}

test('an unknown id fails after one confirming poll, without waiting for the others or the timeout', async () => {
  slowStaysPending();
  const started = Date.now();
  const error = await fx.client().waitForInputs(['done', 'ghost-1', 'slow', 'ghost-2'], { pollMs: 10, timeoutMs: 60_000 }).catch((e: unknown) => e);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(error).toBeInstanceOf(ClarifaiNotFoundError);
  expect(error).toBeInstanceOf(ClarifaiError);
  expect(error).not.toBeInstanceOf(ClarifaiWaitTimeoutError);
  expect((error as ClarifaiNotFoundError).notFoundIds).toEqual(['ghost-1', 'ghost-2']);
  expect((error as Error).message).toBe('waitForInputs: 2 input(s) not found: ghost-1, ghost-2');
  expect(fx.peer.callsTo('ListInputs')).toHaveLength(2);
});

test('an id missing from one poll only (not visible yet) is waited for', async () => {
  let polls = 0;
  fx.peer.on('ListInputs', (request) => {
    polls++;
    const page = fx.peer.store.listInputs(request);
    if (polls === 1) page.inputs = page.inputs.filter((input: Wire) => input.id !== 'slow');
    return { response: page };
  });
  const final = await fx.client().waitForInputs(['done', 'slow'], { pollMs: 10 });
  expect(final.map((input) => input.id)).toEqual(['done', 'slow']);
  expect(polls).toBe(2);
});

test('an input deleted while waited for is reported as not found', async () => {
  let polls = 0;
  fx.peer.on('ListInputs', (request) => {
    polls++;
    if (polls === 1) fx.peer.store.inputs.delete('slow');
    const page = fx.peer.store.listInputs(request);
    page.inputs = page.inputs.map((input: Wire) => (polls === 1 && input.id === 'done' ? { ...input, status: { code: StatusCode.INPUT_PENDING } } : input));
    return { response: page };
  });
  const error = await fx.client().waitForInputs(['done', 'slow'], { pollMs: 10 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ClarifaiNotFoundError);
  expect((error as ClarifaiNotFoundError).notFoundIds).toEqual(['slow']);
});

test('instanceof ClarifaiNotFoundError works across two copies of the module', () => {
  let copy: typeof import('../../src/client/errors') | undefined;
  jest.isolateModules(() => {
    copy = require('../../src/client/errors');
  });
  const fromCopy = new copy!.ClarifaiNotFoundError(['a']);
  expect(fromCopy).toBeInstanceOf(ClarifaiNotFoundError);
  expect(fromCopy).toBeInstanceOf(ClarifaiError);
  expect(new ClarifaiWaitTimeoutError(['a'], 1)).not.toBeInstanceOf(copy!.ClarifaiNotFoundError);
  const many = Array.from({ length: 12 }, (_, i) => `id${i}`);
  expect(new ClarifaiNotFoundError(many).message).toBe('waitForInputs: 12 input(s) not found: id0, id1, id2, id3, id4, id5, id6, id7, id8, id9 and 2 more');
});
