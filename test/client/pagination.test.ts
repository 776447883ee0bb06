/**
 * listInputs / streamInputs over more than 1,000 inputs, exact counts, laziness, the page fetched
 * ahead (while the caller consumes a full page) and aborts.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { ClarifaiAbortError, ClarifaiTransportError, ClarifaiValidationError, StatusCode, type CallEvent } from '../../src';
import { collect, startPeerFixture, type PeerFixture } from './fixtures';

let fx: PeerFixture;
const TOTAL = 1_050;
beforeAll(async () => {
  fx = await startPeerFixture();
  await fx.client({ concurrency: 4 }).addInputs(Array.from({ length: TOTAL }, (_, i) => ({ id: `in${String(i).padStart(5, '0')}`, text: { raw: `${i}` } })));
});
afterAll(() => fx.close());

/** Pages of this size after the first never get an answer (a handler, so an unsent one leaves nothing queued). */
const HANGING_PER_PAGE = 99;
beforeAll(() => fx.peer.on('ListInputs', (request) => (request.per_page === HANGING_PER_PAGE && request.page > 1 ? { hang: true } : { store: true })));
beforeEach(() => fx.peer.calls.splice(0));

/** onCall events of one method, and a promise for the n-th one (an event to await, not a sleep). */
function callEvents(method: string) {
  const events: CallEvent[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    events,
    onCall(event: CallEvent): void {
      if (event.method !== method) return;
      events.push(event);
      for (const w of waiters.filter((w) => w.n <= events.length)) w.resolve();
    },
    nth(n: number): Promise<CallEvent> {
      return new Promise<void>((resolve) => (events.length >= n ? resolve() : waiters.push({ n, resolve }))).then(() => events[n - 1]!);
    },
  };
}
/** Pages asked for (of one page size: a call cancelled in an earlier test may still arrive). */
const pagesAsked = (perPage?: number) =>
  fx.peer
    .callsTo('ListInputs')
    .filter((c) => perPage === undefined || c.request.per_page === perPage)
    .map((c) => c.request.page);

test('listInputs yields every input once, stopping at the first short page without an extra call', async () => {
  const client = fx.client();
  const all = await collect(client.listInputs({ perPage: 100 }));
  expect(all).toHaveLength(TOTAL);
  expect(new Set(all.map((i) => i.id)).size).toBe(TOTAL);
  const pages = fx.peer.callsTo('ListInputs').map((c) => [c.request.page, c.request.per_page]);
  expect(pages).toEqual(Array.from({ length: 11 }, (_, i) => [i + 1, 100]));
});

test('listInputs uses 128 per page by default and passes filters', async () => {
  const client = fx.client();
  expect(await collect(client.listInputs())).toHaveLength(TOTAL);
  expect(fx.peer.callsTo('ListInputs')).toHaveLength(Math.ceil(TOTAL / 128));
  fx.peer.calls.splice(0);
  const some = await collect(client.listInputs({ ids: ['in00003', 'in00007'], status: StatusCode.INPUT_SUCCESS }));
  expect(some.map((i) => i.id)).toEqual(['in00003', 'in00007']);
  expect(fx.peer.calls[0]!.request).toMatchObject({ ids: ['in00003', 'in00007'], status: { code: StatusCode.INPUT_SUCCESS } });
});

test('pages are fetched lazily, one page ahead at most', async () => {
  const list = callEvents('ListInputs');
  const client = fx.client({ onCall: list.onCall });
  const iterator = client.listInputs({ perPage: 10 });
  await client.getInputCount(); // a round trip: a page asked for before next() would be here by now
  expect(pagesAsked(10)).toEqual([]);
  for (let i = 0; i < 10; i++) await iterator.next(); // page 1 in hand and full: page 2 asked for
  await list.nth(2);
  await client.getInputCount();
  expect(pagesAsked(10)).toEqual([1, 2]);
  await iterator.next(); // the first of page 2: page 3 asked for
  await list.nth(3);
  expect(pagesAsked(10)).toEqual([1, 2, 3]);
  await iterator.return();
});

test('a page fetched ahead that fails surfaces after the page in hand, not before', async () => {
  fx.peer.script('ListInputs', { store: true }, { error: { code: GrpcStatus.UNAVAILABLE, details: 'page 2 lost' } });
  const client = fx.client({ retry: false });
  const seen: string[] = [];
  const run = async (): Promise<void> => {
    for await (const input of client.listInputs({ perPage: 100 })) seen.push(input.id);
  };
  await expect(run()).rejects.toBeInstanceOf(ClarifaiTransportError);
  expect(seen).toHaveLength(100);
});

test('an abort cancels the page in flight ahead', async () => {
  const list = callEvents('ListInputs');
  // Without the cancellation the hanging page would hold the iteration for a minute (jest gives 5 s).
  const client = fx.client({ onCall: list.onCall, timeoutMs: 60_000 });
  const controller = new AbortController();
  const seen: string[] = [];
  const run = async (): Promise<void> => {
    for await (const input of client.listInputs({ perPage: HANGING_PER_PAGE, signal: controller.signal })) {
      seen.push(input.id);
      if (seen.length === 50) controller.abort();
    }
  };
  await expect(run()).rejects.toBeInstanceOf(ClarifaiAbortError);
  expect(seen).toHaveLength(HANGING_PER_PAGE); // the page in hand is yielded to its end, as before prefetching
  expect((await list.nth(2)).grpcCode).toBe(GrpcStatus.CANCELLED);
  expect([[1], [1, 2]]).toContainEqual(pagesAsked(HANGING_PER_PAGE)); // page 2 may be cancelled before it reaches the server
});

test('a page that arrived ahead is not yielded after an abort', async () => {
  const list = callEvents('ListInputs');
  const client = fx.client({ onCall: list.onCall });
  const controller = new AbortController();
  const iterator = client.listInputs({ perPage: 101, signal: controller.signal });
  for (let i = 0; i < 101; i++) await iterator.next();
  expect((await list.nth(2)).grpcCode).toBe(GrpcStatus.OK); // page 2 is here already
  controller.abort();
  await expect(iterator.next()).rejects.toBeInstanceOf(ClarifaiAbortError);
  expect(pagesAsked(101)).toEqual([1, 2]);
});

test('leaving the loop early cancels the page ahead, and its rejection is handled', async () => {
  const list = callEvents('ListInputs');
  const client = fx.client({ onCall: list.onCall, timeoutMs: 60_000 });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    let n = 0;
    for await (const input of client.listInputs({ perPage: HANGING_PER_PAGE })) {
      expect(input.id).toBeTruthy();
      if (++n === 5) break;
    }
    const ahead = await list.nth(2);
    expect(ahead.grpcCode).toBe(GrpcStatus.CANCELLED);
    expect(ahead.error).toBeInstanceOf(ClarifaiAbortError);
    await new Promise((resolve) => setImmediate(resolve)); // lets Node report an unhandled rejection, if any
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('streamInputs follows last_id, oldest first, exactly once each', async () => {
  const client = fx.client();
  const all = await collect(client.streamInputs({ perPage: 128 }));
  expect(all.map((i) => i.id)).toEqual(Array.from({ length: TOTAL }, (_, i) => `in${String(i).padStart(5, '0')}`));
  const calls = fx.peer.callsTo('StreamInputs');
  expect(calls).toHaveLength(Math.ceil(TOTAL / 128));
  expect(calls.map((c) => c.request.last_id).slice(0, 3)).toEqual(['', 'in00127', 'in00255']);
});

test('streamInputs asks once more after a full last page (only a short answer ends it), as without prefetch', async () => {
  const client = fx.client();
  expect(await collect(client.streamInputs({ perPage: 150 }))).toHaveLength(TOTAL);
  expect(fx.peer.callsTo('StreamInputs')).toHaveLength(TOTAL / 150 + 1);
});

test('streamInputs descending from a cursor', async () => {
  const client = fx.client();
  const some = await collect(client.streamInputs({ perPage: 2, lastId: 'in00004', descending: true }));
  expect(some.map((i) => i.id)).toEqual(['in00003', 'in00002', 'in00001', 'in00000']);
  expect(fx.peer.callsTo('StreamInputs')[0]!.request).toMatchObject({ descending: true, last_id: 'in00004', per_page: 2 });
});

test('an abort in the middle of pagination stops it: nothing past the page ahead is asked for', async () => {
  const client = fx.client();
  const controller = new AbortController();
  const seen: string[] = [];
  const run = async (): Promise<void> => {
    for await (const input of client.listInputs({ perPage: 100, signal: controller.signal })) {
      seen.push(input.id);
      if (seen.length === 150) controller.abort();
    }
  };
  await expect(run()).rejects.toBeInstanceOf(ClarifaiAbortError);
  expect(seen).toHaveLength(200);
  // Page 3 is fetched ahead once page 2 is in hand (at input 101), so it may have been asked for
  // before the abort at input 150; it is never yielded, and page 4 is never asked for.
  expect([[1, 2], [1, 2, 3]]).toContainEqual(pagesAsked(100));
});

test('page sizes are checked', async () => {
  const client = fx.client();
  await expect(client.listInputsPage({ perPage: 1001 })).rejects.toBeInstanceOf(ClarifaiValidationError);
  expect(() => client.streamInputs({ perPage: 0 })).toThrow('option `perPage` must be an integer in 1..1000, got 0');
  expect(() => client.listInputs({ perPage: 2.5 })).toThrow('option `perPage` must be an integer in 1..1000, got 2.5');
  expect(fx.peer.calls).toHaveLength(0);
});
