/**
 * Batches cut by encoded bytes as well as by count; inputs over `maxInputBytes` and empty files
 * are not sent but end in `failed`; `addInputsInBatches` yields one result per batch.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, samplePng } from '../../src/emulator';
import { InputsClient, StatusCode, type CallEvent, type NewInput } from '../../src';
import { collect, startPeerFixture, type PeerFixture } from './fixtures';

let fx: PeerFixture;
let dir: string;
beforeAll(async () => {
  fx = await startPeerFixture();
  dir = mkdtempSync(path.join(tmpdir(), 'clarifai-inputs-bytes-'));
});
afterAll(async () => {
  await fx.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fx.peer.calls.splice(0);
  fx.peer.store.inputs.clear();
});

const sized = (n: number, bytes: number): NewInput[] => Array.from({ length: n }, (_, i) => ({ image: { bytes: Buffer.alloc(bytes, i + 1) } }));

test('batches are cut by encoded bytes: no request over maxBatchBytes, every input added in order', async () => {
  const client = fx.client({ maxBatchBytes: 10_000, concurrency: 1 });
  const result = await client.addInputs(sized(10, 3_000));
  expect(fx.peer.callsTo('PostInputs').map((c) => c.request.inputs.length)).toEqual([3, 3, 3, 1]);
  expect(result.added.map((a) => a.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(result.failed).toEqual([]);
});

test('an input over maxInputBytes and an empty file are not sent: they end in failed, naming size and limit; the rest go on', async () => {
  const empty = path.join(dir, 'empty.png');
  writeFileSync(empty, '');
  const big = path.join(dir, 'big.png');
  writeFileSync(big, Buffer.alloc(5_000, 7));
  const client = fx.client({ maxInputBytes: 4_000 });
  const inputs: NewInput[] = [{ id: 'a', text: { raw: 'ok' } }, { id: 'big', image: { file: big } }, { id: 'none', image: { file: empty } }, { id: 'b', text: { raw: 'ok' } }];
  const result = await client.addInputs(inputs);
  expect(result.added.map((a) => [a.index, a.id])).toEqual([[0, 'a'], [3, 'b']]);
  expect(result.failed.map((f) => [f.index, f.id, f.statusCodeName])).toEqual([[1, 'big', 'INPUT_OVER_LIMIT'], [2, 'none', 'INPUT_INVALID_ARGUMENT']]);
  expect(result.failed[0]!.description).toMatch(/^input #1 \(id "big"\): 50\d\d bytes encoded, over the limit of 4000 bytes \(maxInputBytes\)$/);
  expect(result.failed[1]!.description).toBe('input #2 (id "none"): image.file is empty (0 bytes)');
  expect(result.failed[0]!.details).toBe('checked by the client before sending; not sent');
  const sent = fx.peer.callsTo('PostInputs').flatMap((c) => c.request.inputs.map((i: any) => i.id));
  expect(sent).toEqual(['a', 'b']);
});

test('a batch of refused inputs only sends nothing', async () => {
  const client = fx.client({ maxInputBytes: 100 });
  const result = await client.addInputs(sized(3, 200));
  expect(result.failed.map((f) => f.statusCode)).toEqual([StatusCode.INPUT_OVER_LIMIT, StatusCode.INPUT_OVER_LIMIT, StatusCode.INPUT_OVER_LIMIT]);
  expect(fx.peer.callsTo('PostInputs')).toHaveLength(0);
});

test('addInputsInBatches yields one { added, failed } per batch, each entry with index and id', async () => {
  const client = fx.client({ batchSize: 4, concurrency: 2 });
  async function* source(): AsyncGenerator<NewInput> {
    for (let i = 0; i < 10; i++) yield i === 6 ? { id: 'dup', text: { raw: 'x' } } : { text: { raw: `t${i}` } };
  }
  fx.peer.store.postInputs({ inputs: [{ id: 'dup', data: { text: { raw: 'before' } } }] });
  const batches = await collect(client.addInputsInBatches(source()));
  expect(batches.map((b) => b.added.length + b.failed.length).sort()).toEqual([2, 4, 4]);
  const added = batches.flatMap((b) => b.added);
  const failed = batches.flatMap((b) => b.failed);
  expect(added.map((a) => a.index).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 9]);
  for (const a of added) expect(a.id).toBe(a.input.id);
  expect(failed.map((f) => [f.index, f.id, f.statusCodeName])).toEqual([[6, 'dup', 'INPUT_DUPLICATE']]);
});

test('addInputsInBatches checks options at the call and starts no batch until asked', async () => {
  const client = fx.client({ batchSize: 2, concurrency: 1 });
  expect(() => client.addInputsInBatches(sized(2, 10), { maxBatchBytes: 0 })).toThrow('option `maxBatchBytes` must be an integer in 1..134217728, got 0');
  const batches = client.addInputsInBatches(sized(6, 10));
  expect(fx.peer.callsTo('PostInputs')).toHaveLength(0);
  const first = await batches.next();
  expect(first.done).toBe(false);
  // one batch in flight at most (concurrency 1): the first is answered, the second not started
  expect(fx.peer.callsTo('PostInputs').length).toBeLessThanOrEqual(2);
  await batches.return(undefined);
  const sentBefore = fx.peer.callsTo('PostInputs').length;
  expect(fx.peer.store.inputs.size).toBe(sentBefore * 2);
});

test('20 PNG files of 14.5 MB at the default settings against the emulator: all added, no request over maxBatchBytes', async () => {
  const emulator = await startEmulator({ apiKeys: ['k'], port: 0, db: ':memory:' });
  const events: CallEvent[] = [];
  const client = new InputsClient({ apiKey: 'k', target: emulator.target, insecure: true, userId: emulator.userId, appId: emulator.appId, onCall: (e) => events.push(e) });
  try {
    const first = path.join(dir, 'photo-0.png');
    writeFileSync(first, samplePng());
    truncateSync(first, 14.5 * 1024 * 1024); // a PNG header, then zeros: 14.5 MB on disk
    const files = Array.from({ length: 20 }, (_, i) => {
      const file = path.join(dir, `photo-${i}.png`);
      if (i > 0) linkSync(first, file);
      return file;
    });
    const result = await client.addInputs(files.map((file) => ({ image: { file } })));
    expect(result.failed).toEqual([]);
    expect(result.added).toHaveLength(20);
    expect(new Set(result.added.map((a) => a.id)).size).toBe(20);
    const posts = events.filter((e) => e.method === 'PostInputs');
    // 8 MiB per request by default: a 14.5 MB file (within maxInputBytes) goes alone in its batch
    expect(posts.map((e) => e.itemCount)).toEqual(Array.from({ length: 20 }, () => 1));
    expect(posts.every((e) => e.grpcCodeName === 'OK')).toBe(true);
  } finally {
    client.close();
    await emulator.close();
  }
}, 120_000);
