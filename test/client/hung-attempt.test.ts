/**
 * A server that never answers one attempt: the default per-attempt timeout (30 s) cuts it and the
 * batch is retried, so the upload ends, added, within the default 60 s deadline. Default client
 * settings throughout (no retry or timeout options).
 */
import { InputsClient, type CallEvent } from '../../src';
import { PeerServer } from '../support/peer-server';
import { TEST_KEY } from './fixtures';

let peer: PeerServer;
beforeAll(async () => {
  peer = await PeerServer.start();
});
afterAll(() => peer.close());

test('a first attempt that lands and is never answered: cut after 30 s, retried, every input added once, within the deadline', async () => {
  const events: CallEvent[] = [];
  const client = new InputsClient({ apiKey: TEST_KEY, userId: 'me', appId: 'app1', target: peer.target, insecure: true, onCall: (e) => events.push(e) });
  let posts = 0;
  peer.on('PostInputs', (request) => {
    posts++;
    if (posts > 1) return { store: true };
    peer.store.postInputs(request); // the write happens, the answer never comes
    return { hang: true };
  });
  try {
    const started = Date.now();
    const result = await client.addInputs(Array.from({ length: 10 }, (_, i) => ({ text: { raw: `hung ${i}` } })));
    const elapsed = Date.now() - started;
    expect(result.failed).toEqual([]);
    expect(result.added.map((a) => a.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peer.store.inputs.size).toBe(10);
    const attempts = events.filter((e) => e.method === 'PostInputs');
    expect(attempts.map((e) => [e.attempt, e.grpcCodeName])).toEqual([
      [1, 'DEADLINE_EXCEEDED'],
      [2, 'OK'],
    ]);
    expect(attempts[0]!.durationMs).toBeGreaterThanOrEqual(29_000);
    expect(elapsed).toBeLessThan(60_000);
  } finally {
    client.close();
  }
}, 90_000);
