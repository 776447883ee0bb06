/** The client against the real emulator (grpc-js + SQLite): every documented flow, faults and a restart. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, samplePng, sampleJpeg } from '../../src/emulator';
import { ClarifaiApiError, InputsClient, StatusCode, type InputsClientOptions } from '../../src';
import { collect, fastRetry } from './fixtures';

const KEY = 'emulator-test-key';
let http: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'clarifai-inputs-emu-'));
  http = createServer((req, res) => {
    if (req.url === '/cat.png') res.writeHead(200, { 'content-type': 'image/png' }).end(samplePng());
    else if (req.url === '/dog.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(sampleJpeg());
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function clientFor(target: string, options: InputsClientOptions = {}): InputsClient {
  return new InputsClient({ apiKey: KEY, target, insecure: true, retry: fastRetry, ...options });
}

test('every documented flow: URL, bytes, ids, concepts, metadata, wait, list, stream, patch, count, delete', async () => {
  const emulator = await startEmulator({ apiKeys: [KEY], port: 0, db: ':memory:' });
  const client = clientFor(emulator.target, { userId: emulator.userId, appId: emulator.appId });
  try {
    const result = await client.addInputs([
      { id: 'train1', image: { url: `${base}/cat.png`, allowDuplicateUrl: true }, concepts: ['charlie'], metadata: { id: 'id001', type: 'animal', size: 100 } },
      { id: 'puppy1', image: { bytes: sampleJpeg() }, concepts: [{ id: 'dog', name: 'Dog' }], negativeConcepts: ['cat'] },
      { id: 'note1', text: { raw: 'a note' } },
      { id: 'broken', image: { url: `${base}/missing.png` } },
    ]);
    expect(result.failed).toEqual([]);
    expect(result.added.map((i) => i.id)).toEqual(['train1', 'puppy1', 'note1', 'broken']);

    const final = await client.waitForInputs(['train1', 'puppy1', 'note1', 'broken'], { pollMs: 20, timeoutMs: 20_000 });
    expect(final.map((i) => [i.id, i.status?.code])).toEqual([
      ['train1', StatusCode.INPUT_SUCCESS],
      ['puppy1', StatusCode.INPUT_SUCCESS],
      ['note1', StatusCode.INPUT_SUCCESS],
      ['broken', StatusCode.INPUT_FAILED],
    ]);

    const train1 = await client.getInput('train1');
    expect(train1.data?.metadata).toEqual({ id: 'id001', type: 'animal', size: 100 });
    expect(train1.data?.concepts.map((c) => [c.id, c.value])).toEqual([['charlie', 1]]);
    const puppy = await client.getInput('puppy1');
    // bytes intact: the emulator serves what it stored at its hosted URL
    const hosted = puppy.data!.image!.hosted!;
    const served = Buffer.from(await (await fetch(`${hosted.prefix}/${hosted.sizes[0]}/${hosted.suffix}`)).arrayBuffer());
    expect(Buffer.compare(served, sampleJpeg())).toBe(0);
    expect(puppy.data?.image?.imageInfo?.format).toBe('JPEG');
    expect(puppy.data?.concepts.map((c) => [c.id, c.value])).toEqual([
      ['dog', 1],
      ['cat', 0],
    ]);

    expect((await collect(client.listInputs({ perPage: 2 }))).map((i) => i.id).sort()).toEqual(['broken', 'note1', 'puppy1', 'train1']);
    expect(await client.listInputsPage({ page: 1, perPage: 10, status: StatusCode.INPUT_FAILED })).toHaveLength(1);
    const streamed = await collect(client.streamInputs({ perPage: 3 }));
    expect(streamed.map((i) => i.id)).toEqual(['train1', 'puppy1', 'note1', 'broken']);
    const after = await collect(client.streamInputs({ perPage: 3, lastId: 'puppy1' }));
    expect(after.map((i) => i.id)).toEqual(['note1', 'broken']);

    await client.patchInputs([{ id: 'note1', concepts: ['memo'], metadata: { checked: true } }], 'merge');
    const note = await client.getInput('note1');
    expect(note.data?.concepts.map((c) => c.id)).toContain('memo');
    expect(note.data?.metadata).toMatchObject({ checked: true });

    const counts = await client.getInputCount();
    expect(counts.processed + counts.errors).toBe(4);

    await client.deleteInputs(['broken', 'note1']);
    const gone = await client.getInput('broken').catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ClarifaiApiError);
  } finally {
    client.close();
    await emulator.close();
  }
});

test('a duplicate id fails with statusCode / statusCodeName, and the deprecated code / codeName hold the same values', async () => {
  const emulator = await startEmulator({ apiKeys: [KEY], port: 0, db: ':memory:' });
  const client = clientFor(emulator.target, { userId: emulator.userId, appId: emulator.appId });
  try {
    await client.addInputs([{ id: 'twice', text: { raw: 'first' } }]);
    const { added, failed } = await client.addInputs([{ id: 'fresh', text: { raw: 'new' } }, { id: 'twice', text: { raw: 'again' } }]);
    expect(added.map((i) => i.id)).toEqual(['fresh']);
    expect(failed).toHaveLength(1);
    const [duplicate] = failed;
    expect(duplicate).toMatchObject({ id: 'twice', index: 1, statusCode: StatusCode.INPUT_DUPLICATE, statusCodeName: 'INPUT_DUPLICATE', details: 'Input has a duplicate ID.' });
    expect([duplicate!.code, duplicate!.codeName]).toEqual([duplicate!.statusCode, duplicate!.statusCodeName]);
  } finally {
    client.close();
    await emulator.close();
  }
});

test('injected faults after the write: every input added exactly once, none failed', async () => {
  const emulator = await startEmulator({
    apiKeys: [KEY],
    port: 0,
    db: ':memory:',
    faultRate: 0.3,
    faultPhase: 'after',
    faultCodes: ['UNAVAILABLE', 'RPC_SERVER_UNAVAILABLE'],
    faultSeed: 7,
  });
  const calls: string[] = [];
  const client = clientFor(emulator.target, {
    retry: { ...fastRetry, maxAttempts: 10 },
    batchSize: 20,
    onCall: (event) => calls.push(`${event.method}:${event.grpcCodeName}:${event.statusCodeName ?? '-'}`),
  });
  try {
    const inputs = Array.from({ length: 300 }, (_, i) => ({ text: { raw: `fault ${i}` } }));
    const result = await client.addInputs(inputs);
    expect(result.failed).toEqual([]);
    expect(result.added).toHaveLength(300);
    expect(result.added.map((i) => i.input.data?.text?.raw)).toEqual(inputs.map((i) => i.text.raw));
    // answers were lost after the write, the retries met the ids as duplicates, ListInputs confirmed them
    expect(calls.filter((c) => c === 'PostInputs:UNAVAILABLE:-' || c === 'PostInputs:OK:RPC_SERVER_UNAVAILABLE').length).toBeGreaterThan(0);
    expect(calls).toContain('PostInputs:OK:FAILURE');
    expect(calls.filter((c) => c.startsWith('ListInputs:')).length).toBeGreaterThan(0);
    const stored = await collect(client.streamInputs({ perPage: 1000 }));
    expect(stored).toHaveLength(300);
    expect(new Set(stored.map((i) => i.data?.text?.raw)).size).toBe(300);
  } finally {
    client.close();
    await emulator.close();
  }
});

test('pagination over more than 1,000 inputs, exact counts; acknowledged writes survive a restart', async () => {
  const db = path.join(dir, 'restart.db');
  let emulator = await startEmulator({ apiKeys: [KEY], port: 0, db });
  let client = clientFor(emulator.target);
  const result = await client.addInputs(Array.from({ length: 1_030 }, (_, i) => ({ id: `p${String(i).padStart(4, '0')}`, text: { raw: `${i}` } })));
  expect(result.added).toHaveLength(1_030);
  client.close();
  await emulator.close();

  emulator = await startEmulator({ apiKeys: [KEY], port: 0, db });
  client = clientFor(emulator.target);
  try {
    const listed = await collect(client.listInputs({ perPage: 100 }));
    expect(listed).toHaveLength(1_030);
    expect(new Set(listed.map((i) => i.id)).size).toBe(1_030);
    const streamed = await collect(client.streamInputs({ perPage: 128, orderById: true }));
    expect(streamed.map((i) => i.id)).toEqual(Array.from({ length: 1_030 }, (_, i) => `p${String(i).padStart(4, '0')}`));
  } finally {
    client.close();
    await emulator.close();
  }
});

test('real throttling (CONN_THROTTLED above 40 calls/s): concurrent calls back off and all succeed', async () => {
  const emulator = await startEmulator({ apiKeys: [KEY], port: 0, db: ':memory:', throttleRps: 40 });
  const throttled: number[] = [];
  const client = clientFor(emulator.target, {
    retry: { maxAttempts: 20, baseDelayMs: 50, maxDelayMs: 500 },
    onCall: (event) => event.statusCodeName === 'CONN_THROTTLED' && throttled.push(event.attempt),
  });
  try {
    const counts = await Promise.all(Array.from({ length: 60 }, () => client.getInputCount()));
    expect(counts).toHaveLength(60);
    expect(throttled.length).toBeGreaterThan(0);
  } finally {
    client.close();
    await emulator.close();
  }
});
