/** patchInputs reports per input, attempts every batch, honours concurrency and failOnPartial. */
import { startEmulator } from '../../src/emulator';
import { ClarifaiPartialFailureError, InputsClient, StatusCode, type CallEvent, type InputPatch } from '../../src';
import { startPeerFixture, type PeerFixture } from './fixtures';

let fx: PeerFixture;
beforeAll(async () => {
  fx = await startPeerFixture();
});
afterAll(() => fx.close());
beforeEach(() => {
  fx.peer.calls.splice(0);
  fx.peer.store.inputs.clear();
});

test('300 patches against the emulator, one unknown id: 299 patched, 1 failed and named; every batch sent', async () => {
  const emulator = await startEmulator({ apiKeys: ['k'], port: 0, db: ':memory:' });
  const events: CallEvent[] = [];
  const client = new InputsClient({ apiKey: 'k', target: emulator.target, insecure: true, userId: emulator.userId, appId: emulator.appId, onCall: (e) => events.push(e) });
  try {
    const ids = Array.from({ length: 300 }, (_, i) => `p${i}`);
    await client.addInputs(ids.map((id) => ({ id, text: { raw: id } })));
    const patches: InputPatch[] = ids.map((id) => ({ id: id === 'p150' ? 'ghost' : id, concepts: ['reviewed'] }));
    const result = await client.patchInputs(patches, 'merge');
    expect(result.patched).toHaveLength(299);
    expect(result.patched.map((p) => p.index)).toEqual(patches.map((_, i) => i).filter((i) => i !== 150));
    expect(result.patched.every((p) => p.input.data?.concepts.some((c) => c.id === 'reviewed'))).toBe(true);
    expect(result.failed).toMatchObject([{ index: 150, id: 'ghost', statusCode: StatusCode.INPUT_DOES_NOT_EXIST, statusCodeName: 'INPUT_DOES_NOT_EXIST', code: StatusCode.INPUT_DOES_NOT_EXIST, codeName: 'INPUT_DOES_NOT_EXIST', input: patches[150] }]);
    expect(result.failed[0]!.details).toMatch(/ghost/);
    expect(events.filter((e) => e.method === 'PatchInputs').map((e) => e.itemCount)).toEqual(expect.arrayContaining([128, 128, 44]));
    expect((await client.getInput('p299')).data?.concepts.map((c) => c.id)).toEqual(['reviewed']);
  } finally {
    client.close();
    await emulator.close();
  }
}, 60_000);

test('a batch refused whole for one unknown id (CONN_DOES_NOT_EXIST): the unknown one fails, the others are sent again', async () => {
  const client = fx.client({ batchSize: 3 });
  await client.addInputs(['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, text: { raw: id } })));
  const result = await client.patchInputs(['a', 'ghost', 'b', 'c', 'd', 'e'].map((id) => ({ id, concepts: ['x'] })), 'overwrite');
  expect(result.patched.map((p) => [p.index, p.id])).toEqual([[0, 'a'], [2, 'b'], [3, 'c'], [4, 'd'], [5, 'e']]);
  expect(result.failed.map((f) => [f.index, f.id, f.statusCodeName])).toEqual([[1, 'ghost', 'INPUT_DOES_NOT_EXIST']]);
  const sent = fx.peer.callsTo('PatchInputs').map((c) => c.request.inputs.map((i: any) => i.id));
  expect(sent).toEqual(expect.arrayContaining([['a', 'ghost', 'b'], ['a', 'b'], ['c', 'd', 'e']]));
});

test('concurrency: at most `concurrency` batches in flight', async () => {
  const client = fx.client({ batchSize: 1 });
  await client.addInputs(Array.from({ length: 8 }, (_, i) => ({ id: `c${i}`, text: { raw: 'x' } })));
  let inFlight = 0;
  let most = 0;
  const releases: Array<() => void> = [];
  fx.peer.on('PatchInputs', async (request) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise<void>((resolve) => releases.push(resolve));
    inFlight--;
    return { response: { status: { code: StatusCode.SUCCESS }, inputs: request.inputs } };
  });
  const pending = client.patchInputs(Array.from({ length: 8 }, (_, i) => ({ id: `c${i}`, concepts: ['y'] })), 'merge', { concurrency: 3 });
  // release calls as they arrive, until all 8 were answered
  let answered = 0;
  while (answered < 8) {
    const next = releases.shift();
    if (next === undefined) await new Promise((resolve) => setImmediate(resolve));
    else {
      next();
      answered++;
    }
  }
  const result = await pending;
  fx.peer.on('PatchInputs', () => ({ store: true }));
  expect(result.patched).toHaveLength(8);
  expect(most).toBe(3);
});

test('failOnPartial throws ClarifaiPartialFailureError with both lists in partialPatch', async () => {
  const client = fx.client({ batchSize: 2, concurrency: 1 });
  await client.addInputs([{ id: 'k1', text: { raw: '1' } }]);
  const error = (await client.patchInputs([{ id: 'k1', concepts: ['x'] }, { id: 'nope', concepts: ['x'] }], 'remove', { failOnPartial: true }).catch((e: unknown) => e)) as ClarifaiPartialFailureError;
  expect(error).toBeInstanceOf(ClarifaiPartialFailureError);
  expect(error.partialPatch?.patched.map((p) => p.id)).toEqual(['k1']);
  expect(error.partialPatch?.failed.map((f) => f.id)).toEqual(['nope']);
  expect(error.message).toMatch(/^PatchInputs: 1 input\(s\) failed, 1 patched; first: nope INPUT_DOES_NOT_EXIST/);
});
