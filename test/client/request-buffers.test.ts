/**
 * Large PostInputs requests are encoded into pooled buffers that are used again only after their
 * request was answered (recycleRequestBuffer); a reused buffer still encodes its new request
 * exactly, and small requests never touch the pool.
 */
import { encodePostInputs } from '../../src/client/inputs/encode-post-inputs';
import { pooledBytes, recycleRequestBuffer } from '../../src/client/inputs/request-buffers';
import { PostInputsRequest } from '../../src/generated/clarifai/api/service.pb';

const request = (seed: number, imageBytes: number) =>
  PostInputsRequest.fromPartial({
    userAppId: { userId: 'u', appId: 'a' },
    inputs: [0, 1].map((i) => ({ id: `in${seed}-${i}`, data: { image: { base64: Uint8Array.from({ length: imageBytes }, (_, k) => (k * 7 + seed + i) & 0xff) } } })),
  });

const MiB = 1024 * 1024;

test('an answered request gives its buffer to the next one, which is encoded exactly', () => {
  const first = request(1, MiB);
  const firstWire = encodePostInputs(first);
  expect(pooledBytes()).toBe(0);
  recycleRequestBuffer(first);
  expect(pooledBytes()).toBeGreaterThanOrEqual(firstWire.length);

  const second = request(2, MiB - 100);
  const secondWire = encodePostInputs(second);
  expect(secondWire.buffer).toBe(firstWire.buffer);
  expect(pooledBytes()).toBe(0);
  expect(PostInputsRequest.decode(secondWire)).toEqual(second);
  expect(Buffer.from(secondWire)).toEqual(Buffer.from(PostInputsRequest.encode(second).finish()));
  recycleRequestBuffer(second);
});

test('a request without an answer keeps its buffer: the next one gets another', () => {
  const unanswered = request(3, MiB);
  const wire = encodePostInputs(unanswered);
  const next = encodePostInputs(request(4, MiB));
  expect(next.buffer).not.toBe(wire.buffer);
  // Its bytes are untouched by the later encoding.
  expect(PostInputsRequest.decode(wire)).toEqual(unanswered);
});

test('small requests are never pooled, and recycling twice or unknown requests does nothing', () => {
  const before = pooledBytes();
  const small = request(5, 1000);
  encodePostInputs(small);
  recycleRequestBuffer(small);
  recycleRequestBuffer(small);
  recycleRequestBuffer({});
  expect(pooledBytes()).toBe(before);
});
