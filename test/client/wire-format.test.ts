/** What actually arrives at a server built from the official definitions. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPeerFixture, TEST_KEY, type PeerFixture } from './fixtures';
import { VERSION } from '../../src/client/version';

let fx: PeerFixture;
let dir: string;
beforeAll(async () => {
  fx = await startPeerFixture();
  dir = mkdtempSync(path.join(tmpdir(), 'clarifai-inputs-wire-'));
});
afterAll(async () => {
  await fx.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => fx.peer.calls.splice(0));

test('auth header, user_app_id, request-id prefix and a deadline arrive on every call', async () => {
  const client = fx.client({ timeoutMs: 5_000 });
  await client.addInputs([{ id: 'a1', image: { url: 'http://127.0.0.1:1/a.jpg' } }]);
  await client.getInput('a1');
  await client.listInputsPage({ page: 1, perPage: 10 });
  await client.getInputCount();
  expect(fx.peer.calls.map((c) => c.method)).toEqual(['PostInputs', 'GetInput', 'ListInputs', 'GetInputCount']);
  for (const call of fx.peer.calls) {
    expect(call.metadata.authorization).toEqual([`Key ${TEST_KEY}`]);
    expect(call.metadata['x-clarifai-request-id-prefix']).toEqual([`clarifai-inputs-${VERSION}`]);
    expect(call.request.user_app_id).toEqual({ user_id: 'me', app_id: 'app1' });
    const left = call.deadline!.getTime() - call.at;
    expect(left).toBeGreaterThan(3_000);
    expect(left).toBeLessThanOrEqual(5_000);
  }
});

test('without userId/appId no user_app_id is sent (app-scoped key)', async () => {
  delete process.env.CLARIFAI_USER_ID;
  delete process.env.CLARIFAI_APP_ID;
  const client = fx.client({ userId: undefined, appId: undefined });
  await client.getInputCount();
  expect(fx.peer.calls[0]!.request.user_app_id).toBeNull();
});

test('metadata arrives as a real Struct, nested objects and lists included', async () => {
  const client = fx.client();
  const metadata = { id: 'id001', type: 'animal', size: 100, ok: true, none: null, nested: { tags: ['a', 1, { deep: false }] } };
  await client.addInputs([{ id: 'm1', text: { raw: 'hello' }, metadata }]);
  const sent = fx.peer.callsTo('PostInputs')[0]!.request.inputs[0];
  const fields = sent.data.metadata.fields;
  expect(fields.id).toMatchObject({ stringValue: 'id001', kind: 'stringValue' });
  expect(fields.size).toMatchObject({ numberValue: 100 });
  expect(fields.ok).toMatchObject({ boolValue: true });
  expect(fields.none).toMatchObject({ kind: 'nullValue' });
  const tags = fields.nested.structValue.fields.tags.listValue.values;
  expect(tags.map((v: any) => v.kind)).toEqual(['stringValue', 'numberValue', 'structValue']);
  expect(tags[2].structValue.fields.deep).toMatchObject({ boolValue: false });
  // and it comes back as the same plain object
  const back = await client.getInput('m1');
  expect(back.data?.metadata).toEqual(metadata);
});

test('string concepts go out with value 1, negativeConcepts with 0, objects as given', async () => {
  const client = fx.client();
  await client.addInputs([
    { id: 'c1', image: { url: 'http://127.0.0.1:1/c.jpg', allowDuplicateUrl: true }, concepts: ['charlie', { id: 'dog', value: 0, name: 'Dog' }], negativeConcepts: ['cat'] },
  ]);
  const sent = fx.peer.callsTo('PostInputs')[0]!.request.inputs[0];
  expect(sent.data.image).toMatchObject({ url: 'http://127.0.0.1:1/c.jpg', allow_duplicate_url: true });
  expect(sent.data.concepts.map((c: any) => [c.id, c.name, c.value])).toEqual([
    ['charlie', '', 1],
    ['dog', 'Dog', 0],
    ['cat', '', 0],
  ]);
});

test('batches never exceed 128 and every input is sent once with a client id', async () => {
  const client = fx.client({ concurrency: 3 });
  const inputs = Array.from({ length: 300 }, (_, i) => ({ text: { raw: `t${i}` } }));
  const result = await client.addInputs(inputs);
  const sizes = fx.peer.callsTo('PostInputs').map((c) => c.request.inputs.length);
  expect(sizes.sort((a, b) => b - a)).toEqual([128, 128, 44]);
  const ids = fx.peer.callsTo('PostInputs').flatMap((c) => c.request.inputs.map((i: any) => i.id));
  expect(new Set(ids).size).toBe(300);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  expect(result.added.map((i) => i.input.data?.text?.raw)).toEqual(inputs.map((i) => i.text.raw));
  expect(result.failed).toEqual([]);
});

test('bytes arrive intact, from memory and from a file read at send time', async () => {
  const client = fx.client();
  const bytes = Buffer.alloc(300_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
  const file = path.join(dir, 'img.bin');
  writeFileSync(file, bytes.subarray(1000, 51_000));
  await client.addInputs([
    { id: 'b1', image: { bytes } },
    { id: 'b2', video: { file } },
    { id: 'b3', audio: { bytes: bytes.subarray(5, 17) } },
  ]);
  const [b1, b2, b3] = fx.peer.callsTo('PostInputs')[0]!.request.inputs;
  expect(Buffer.compare(b1.data.image.base64, bytes)).toBe(0);
  expect(Buffer.compare(b2.data.video.base64, bytes.subarray(1000, 51_000))).toBe(0);
  expect(Buffer.compare(b3.data.audio.base64, bytes.subarray(5, 17))).toBe(0);
});

test('geo and dataset ids go out', async () => {
  const client = fx.client();
  await client.addInputs([{ id: 'g1', text: { url: 'http://127.0.0.1:1/t.txt' }, geo: { latitude: 40.5, longitude: -73.25 }, datasetIds: ['ds1'] }]);
  const sent = fx.peer.callsTo('PostInputs')[0]!.request.inputs[0];
  expect(sent.data.geo.geo_point).toEqual({ latitude: 40.5, longitude: -73.25 });
  expect(sent.dataset_ids).toEqual(['ds1']);
  expect(sent.data.text.url).toBe('http://127.0.0.1:1/t.txt');
});
