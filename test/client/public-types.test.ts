/**
 * The public types reject what the client would refuse at run time: the `@ts-expect-error` lines
 * fail the type check (tsc, ts-jest) if they ever compile. Plus `await using` closes a client.
 */
import { InputsClient, type CallOptions, type MediaSource, type NewInput, type RetryOptions } from '../../src';

test('NewInput: one kind of content, one source per media', () => {
  const fine: NewInput[] = [
    { image: { url: 'https://example.com/a.jpg', allowDuplicateUrl: true } },
    { image: { file: 'a.jpg' }, concepts: ['cat'] },
    { video: { bytes: new Uint8Array(1) } },
    { audio: { url: 'https://example.com/a.wav' } },
    { id: 'x', text: { raw: 'hello' }, metadata: { a: 1 } },
  ];
  // @ts-expect-error a URL and a file together
  const urlAndFile: MediaSource = { url: 'https://example.com/a.jpg', file: 'a.jpg' };
  // @ts-expect-error bytes and a URL together
  const bytesAndUrl: NewInput = { image: { bytes: new Uint8Array(1), url: 'https://example.com/a.jpg' } };
  // @ts-expect-error two kinds of content
  const twoKinds: NewInput = { image: { url: 'https://example.com/a.jpg' }, text: { raw: 'and text' } };
  // @ts-expect-error no content at all
  const noContent: NewInput = { id: 'empty' };
  // @ts-expect-error inline text and a URL together
  const rawAndUrl: NewInput = { text: { raw: 'x', url: 'https://example.com/t.txt' } };
  expect([fine.length, urlAndFile, bytesAndUrl, twoKinds, noContent, rawAndUrl].length).toBe(6);
});

test('RetryOptions has no `random` (jitter is pinned through an internal option in tests)', () => {
  // @ts-expect-error not public
  const retry: RetryOptions = { maxAttempts: 2, random: () => 0 };
  const perCall: CallOptions = { retry: false };
  expect([retry.maxAttempts, perCall.retry]).toEqual([2, false]);
});

test('await using closes the client at the end of the scope', async () => {
  let outside: InputsClient | undefined;
  {
    await using client = new InputsClient({ apiKey: 'k', target: '127.0.0.1:1', insecure: true });
    outside = client;
    await expect(client.getInputCount({ signal: AbortSignal.abort() })).rejects.toThrow('aborted');
  }
  await expect(outside.getInputCount()).rejects.toThrow('InputsClient is closed');
});
