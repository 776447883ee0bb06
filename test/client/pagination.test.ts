/** listInputs / streamInputs over more than 1,000 inputs, exact counts, laziness and aborts. */
import { ClarifaiAbortError, ClarifaiValidationError, StatusCode } from '../../src';
import { collect, startPeerFixture, type PeerFixture } from './fixtures';

let fx: PeerFixture;
const TOTAL = 1_050;
beforeAll(async () => {
  fx = await startPeerFixture();
  await fx.client({ concurrency: 4 }).addInputs(Array.from({ length: TOTAL }, (_, i) => ({ id: `in${String(i).padStart(5, '0')}`, text: { raw: `${i}` } })));
});
afterAll(() => fx.close());
beforeEach(() => fx.peer.calls.splice(0));

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

test('pages are fetched lazily', async () => {
  const client = fx.client();
  const iterator = client.listInputs({ perPage: 10 });
  for (let i = 0; i < 10; i++) await iterator.next();
  expect(fx.peer.callsTo('ListInputs')).toHaveLength(1);
  await iterator.next();
  expect(fx.peer.callsTo('ListInputs')).toHaveLength(2);
  await iterator.return();
});

test('streamInputs follows last_id, oldest first, exactly once each', async () => {
  const client = fx.client();
  const all = await collect(client.streamInputs({ perPage: 128 }));
  expect(all.map((i) => i.id)).toEqual(Array.from({ length: TOTAL }, (_, i) => `in${String(i).padStart(5, '0')}`));
  const calls = fx.peer.callsTo('StreamInputs');
  expect(calls).toHaveLength(Math.ceil(TOTAL / 128));
  expect(calls.map((c) => c.request.last_id).slice(0, 3)).toEqual(['', 'in00127', 'in00255']);
});

test('streamInputs descending from a cursor', async () => {
  const client = fx.client();
  const some = await collect(client.streamInputs({ perPage: 2, lastId: 'in00004', descending: true }));
  expect(some.map((i) => i.id)).toEqual(['in00003', 'in00002', 'in00001', 'in00000']);
  expect(fx.peer.callsTo('StreamInputs')[0]!.request).toMatchObject({ descending: true, last_id: 'in00004', per_page: 2 });
});

test('an abort in the middle of pagination stops it: no further page is asked for', async () => {
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
  expect(fx.peer.callsTo('ListInputs')).toHaveLength(2);
});

test('page sizes are checked', async () => {
  const client = fx.client();
  await expect(client.listInputsPage({ perPage: 1001 })).rejects.toBeInstanceOf(ClarifaiValidationError);
  expect(() => client.streamInputs({ perPage: 0 })).toThrow('option `perPage` must be an integer in 1..1000, got 0');
  expect(() => client.listInputs({ perPage: 2.5 })).toThrow('option `perPage` must be an integer in 1..1000, got 2.5');
  expect(fx.peer.calls).toHaveLength(0);
});
