/**
 * deleteInputs is idempotent: a retried or rerun delete succeeds once the inputs are gone, and
 * reports which ids it deleted and which were not there. Against the emulator (all-or-none
 * DeleteInputs, faults after the write) and the peer (scripted lost answers).
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator';
import { ClarifaiApiError, ClarifaiTransportError, InputsClient, StatusCode, type InputsClientOptions } from '../../src';
import { collect, fastRetry, startPeerFixture, type PeerFixture } from './fixtures';
import type { Wire } from '../support/peer-store';

const KEY = 'delete-test-key-never-shown';

async function withEmulator(
  emulatorOptions: Omit<EmulatorOptions, 'apiKeys'>,
  clientOptions: InputsClientOptions,
  body: (client: InputsClient, emulator: RunningEmulator, calls: string[]) => Promise<void>,
): Promise<void> {
  const emulator = await startEmulator({ apiKeys: [KEY], port: 0, db: ':memory:', ...emulatorOptions });
  const calls: string[] = [];
  const client = new InputsClient({
    apiKey: KEY,
    target: emulator.target,
    insecure: true,
    retry: { ...fastRetry, maxAttempts: 10 },
    onCall: (event) => calls.push(`${event.method}:${event.grpcCodeName}:${event.statusCodeName ?? '-'}`),
    ...clientOptions,
  });
  try {
    await body(client, emulator, calls);
  } finally {
    client.close();
    await emulator.close();
  }
}

const storedIds = async (client: InputsClient): Promise<string[]> => (await collect(client.streamInputs({ orderById: true }))).map((i) => i.id).sort();

describe('against the emulator', () => {
  test('a delete whose answer was lost after the write succeeds on its retry (the repro of the review)', async () => {
    await withEmulator({ faultRate: 0.5, faultPhase: 'after', faultSeed: 3 }, {}, async (client, _emulator, calls) => {
      for (let round = 0; round < 4; round++) {
        const id = `d${round}`;
        await client.addInputs([{ id, text: { raw: id } }]);
        calls.splice(0);
        await expect(client.deleteInputs([id])).resolves.toEqual({ deleted: [id], notFound: [] });
      }
      await expect(storedIds(client)).resolves.toEqual([]);
    });
  });

  test('the lost-answer case was met: a retry answered CONN_DOES_NOT_EXIST and the call still reported the id deleted', async () => {
    await withEmulator({ faultRate: 0.5, faultPhase: 'after', faultSeed: 3 }, {}, async (client, _emulator, calls) => {
      let met = false;
      for (let round = 0; round < 20 && !met; round++) {
        const id = `x${round}`;
        await client.addInputs([{ id, text: { raw: id } }]);
        calls.splice(0);
        expect(await client.deleteInputs([id])).toEqual({ deleted: [id], notFound: [] });
        met = calls.includes('DeleteInputs:UNAVAILABLE:-') && calls.includes('DeleteInputs:OK:CONN_DOES_NOT_EXIST');
      }
      expect(met).toBe(true);
    });
  });

  test('several batches, some ids already gone: the rest is deleted, the gone ones are reported, and a rerun succeeds', async () => {
    await withEmulator({}, { batchSize: 2, concurrency: 2 }, async (client) => {
      const ids = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];
      await client.addInputs(ids.map((id) => ({ id, text: { raw: id } })));
      await client.deleteInputs(['a1', 'a3']);
      const result = await client.deleteInputs([...ids, 'ghost', 'a0']);
      expect(result).toEqual({ deleted: ['a0', 'a2', 'a4', 'a5'], notFound: ['a1', 'a3', 'ghost'] });
      await expect(storedIds(client)).resolves.toEqual([]);
      await expect(client.deleteInputs(ids)).resolves.toEqual({ deleted: [], notFound: ids });
    });
  });

  test('a known id next to an unknown one is deleted; the unknown one is named in notFound', async () => {
    await withEmulator({}, {}, async (client) => {
      await client.addInputs([{ id: 'keep-not', text: { raw: 'x' } }, { id: 'other', text: { raw: 'y' } }]);
      await expect(client.deleteInputs(['keep-not', 'unknown'])).resolves.toEqual({ deleted: ['keep-not'], notFound: ['unknown'] });
      await expect(storedIds(client)).resolves.toEqual(['other']);
    });
  });

  test('auth errors are still thrown, and name no key', async () => {
    await withEmulator({}, { apiKey: 'wrong-key-never-shown' }, async (client) => {
      const error = await client.deleteInputs(['a']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClarifaiApiError);
      expect((error as ClarifaiApiError).statusCodeName).toBe('CONN_KEY_INVALID');
      expect((error as Error).message).not.toContain('wrong-key-never-shown');
    });
  });
});

describe('against the peer', () => {
  let fx: PeerFixture;
  beforeAll(async () => {
    fx = await startPeerFixture();
  });
  afterAll(() => fx.close());

  /** DeleteInputs all or none, as the emulator: an unknown id → CONN_DOES_NOT_EXIST, nothing deleted. */
  function strictDelete(loseFirstAnswer: boolean): void {
    let calls = 0;
    fx.peer.on('DeleteInputs', (request: Wire) => {
      calls++;
      const unknown = (request.ids as string[]).filter((id) => !fx.peer.store.inputs.has(id));
      if (unknown.length > 0) return { response: { status: { code: StatusCode.CONN_DOES_NOT_EXIST, description: 'Resource does not exist', details: unknown.join(',') } } };
      return loseFirstAnswer && calls === 1 ? { loseAnswer: true } : { store: true };
    });
  }

  beforeEach(async () => {
    fx.peer.calls.splice(0);
    fx.peer.store.inputs.clear();
    fx.peer.on('DeleteInputs', () => ({ store: true }));
    await fx.client().addInputs(['p1', 'p2', 'p3'].map((id) => ({ id, text: { raw: id } })));
    fx.peer.calls.splice(0);
  });

  test('after CONN_DOES_NOT_EXIST, the batch is looked up by id (perPage = batch length) and only the ids that exist are deleted', async () => {
    strictDelete(false);
    const result = await fx.client().deleteInputs(['p1', 'nope', 'p2']);
    expect(result).toEqual({ deleted: ['p1', 'p2'], notFound: ['nope'] });
    expect(fx.peer.calls.map((c) => [c.method, c.request.ids, c.request.per_page ?? null])).toEqual([
      ['DeleteInputs', ['p1', 'nope', 'p2'], null],
      ['ListInputs', ['p1', 'nope', 'p2'], 3],
      ['DeleteInputs', ['p1', 'p2'], null],
    ]);
    expect([...fx.peer.store.inputs.keys()]).toEqual(['p3']);
  });

  test('an earlier attempt that landed without its answer: the ids it deleted count as deleted', async () => {
    strictDelete(true);
    const result = await fx.client().deleteInputs(['p1', 'p2']);
    expect(result).toEqual({ deleted: ['p1', 'p2'], notFound: [] });
    expect(fx.peer.callsTo('DeleteInputs')).toHaveLength(2);
    expect([...fx.peer.store.inputs.keys()]).toEqual(['p3']);
  });

  test('an earlier attempt that did not land: an unknown id stays notFound even after a retry', async () => {
    strictDelete(false);
    fx.peer.script('DeleteInputs', { error: { code: 14, details: 'dropped before the write (scripted)' } });
    const result = await fx.client().deleteInputs(['p1', 'nope']);
    expect(result).toEqual({ deleted: ['p1'], notFound: ['nope'] });
  });

  test('a CONN_DOES_NOT_EXIST that no missing id explains is thrown', async () => {
    fx.peer.on('DeleteInputs', () => ({ response: { status: { code: StatusCode.CONN_DOES_NOT_EXIST, description: 'App does not exist' } } }));
    const error = await fx.client().deleteInputs(['p1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClarifaiApiError);
    expect((error as Error).message).toContain('App does not exist');
    expect(fx.peer.store.inputs.has('p1')).toBe(true);
  });

  test('transport errors are still thrown', async () => {
    fx.peer.on('DeleteInputs', () => ({ error: { code: 14, details: 'down (scripted)' } }));
    const error = await fx.client({ retry: false }).deleteInputs(['p1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClarifaiTransportError);
  });

  test('a later batch that throws: the error carries what the earlier batches deleted (partialDelete)', async () => {
    let calls = 0;
    fx.peer.on('DeleteInputs', () => (++calls === 2 ? { error: { code: 7, details: 'denied (scripted)' } } : { store: true }));
    const error = (await fx.client({ batchSize: 1, concurrency: 1, retry: false }).deleteInputs(['p1', 'p2', 'p3']).catch((e: unknown) => e)) as ClarifaiTransportError;
    expect(error).toBeInstanceOf(ClarifaiTransportError);
    expect(error.partialDelete).toEqual({ deleted: ['p1'], notFound: [] });
    expect([...fx.peer.store.inputs.keys()].sort()).toEqual(['p2', 'p3']);
  });
});
