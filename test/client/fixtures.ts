/** Shared setup for client tests: a peer server and a client pointed at it, both closed after. */
import { InputsClient, type InputsClientOptions, type RetryOptions } from '../../src';
import type { InternalRetryOptions } from '../../src/client/config';
import { PeerServer } from '../support/peer-server';

export const TEST_KEY = 'test-key-5ecret-never-logged';

/**
 * `retry` with its jitter pinned: every backoff wait is `random()` times its ceiling. `random` is
 * an internal option (not in the public `RetryOptions`), so tests pass it through here.
 */
export function pinnedJitter(random: () => number, retry: RetryOptions = {}): RetryOptions {
  const internal: InternalRetryOptions = { ...retry, random };
  return internal;
}

/** A retry policy with tiny, deterministic delays: the full ceiling every time. */
export const fastRetry = pinnedJitter(() => 0.999, { maxAttempts: 5, baseDelayMs: 2, maxDelayMs: 20 });

export interface PeerFixture {
  peer: PeerServer;
  client(options?: InputsClientOptions): InputsClient;
  close(): Promise<void>;
}

export async function startPeerFixture(): Promise<PeerFixture> {
  const peer = await PeerServer.start();
  const clients: InputsClient[] = [];
  return {
    peer,
    client(options = {}) {
      const client = new InputsClient({
        apiKey: TEST_KEY,
        userId: 'me',
        appId: 'app1',
        target: peer.target,
        insecure: true,
        retry: fastRetry,
        ...options,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.close();
      await peer.close();
    },
  };
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
