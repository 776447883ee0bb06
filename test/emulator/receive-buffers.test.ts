/**
 * ReceiveBuffers, the reused memory the emulator reads PostInputs messages into: which sizes are
 * pooled, how memory is rounded and chosen, and what is dropped instead of kept.
 */
import { IncomingMessage } from '../../src/emulator/server/incoming-message';
import { ReceiveBuffers } from '../../src/emulator/server/receive-buffers';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('ReceiveBuffers', () => {
  it('does not pool requests of 64 KiB or less: fresh memory each time, nothing kept on release', () => {
    const buffers = new ReceiveBuffers();
    const small = buffers.take(64 * KiB);
    expect(small.bytes.length).toBe(64 * KiB);
    expect(small.memory).toBeUndefined();
    buffers.release(small);
    expect(buffers.kept).toBe(0);
    expect(buffers.take(0)).toMatchObject({ memory: undefined, bytes: Buffer.alloc(0) });
  });

  it('rounds pooled memory up to whole MiBs and lends a view of exactly the size asked', () => {
    const buffers = new ReceiveBuffers();
    const justOver = buffers.take(64 * KiB + 1);
    expect(justOver.bytes.length).toBe(64 * KiB + 1);
    expect(justOver.memory?.length).toBe(MiB);
    const bigger = buffers.take(MiB + 1);
    expect(bigger.memory?.length).toBe(2 * MiB);
    expect(bigger.bytes.length).toBe(MiB + 1);
    // A view, not a copy: what is written through `bytes` is in `memory`.
    bigger.bytes[MiB] = 0xab;
    expect(bigger.memory?.[MiB]).toBe(0xab);
    expect(bigger.bytes.buffer).toBe(bigger.memory?.buffer);
  });

  it('lends released memory again to a request that fits, and keeps count of what waits', () => {
    const buffers = new ReceiveBuffers();
    const first = buffers.take(900 * KiB);
    const memory = first.memory;
    buffers.release(first);
    expect(buffers.kept).toBe(MiB);
    const second = buffers.take(700 * KiB);
    expect(second.memory).toBe(memory);
    expect(second.bytes.length).toBe(700 * KiB);
    expect(buffers.kept).toBe(0);
    // Lent out, it is not lent twice: the next request gets other memory.
    const third = buffers.take(700 * KiB);
    expect(third.memory).not.toBe(memory);
    // A request larger than any waiting memory gets new memory and leaves the rest waiting.
    buffers.release(second);
    const larger = buffers.take(MiB + 1);
    expect(larger.memory).not.toBe(memory);
    expect(buffers.kept).toBe(MiB);
  });

  it('chooses the smallest waiting memory that fits', () => {
    const buffers = new ReceiveBuffers();
    const four = buffers.take(4 * MiB);
    const one = buffers.take(MiB);
    const two = buffers.take(2 * MiB);
    for (const lent of [four, one, two]) buffers.release(lent);
    expect(buffers.kept).toBe(7 * MiB);
    expect(buffers.take(1.5 * MiB).memory).toBe(two.memory);
    expect(buffers.take(MiB).memory).toBe(one.memory);
    expect(buffers.take(3 * MiB).memory).toBe(four.memory);
    expect(buffers.kept).toBe(0);
  });

  it('drops memory larger than maxBufferBytes instead of keeping it', () => {
    const buffers = new ReceiveBuffers(64 * MiB, 2 * MiB);
    const fits = buffers.take(2 * MiB);
    const tooBig = buffers.take(2 * MiB + 1);
    buffers.release(tooBig);
    expect(buffers.kept).toBe(0);
    buffers.release(fits);
    expect(buffers.kept).toBe(2 * MiB);
    expect(buffers.take(2 * MiB + 1).memory).not.toBe(tooBig.memory);
  });

  it('keeps at most maxKeptBytes waiting; what would pass it is dropped', () => {
    const buffers = new ReceiveBuffers(3 * MiB, 32 * MiB);
    const lent = [buffers.take(2 * MiB), buffers.take(2 * MiB), buffers.take(MiB)];
    buffers.release(lent[0]!);
    buffers.release(lent[1]!); // 2 + 2 > 3: dropped
    expect(buffers.kept).toBe(2 * MiB);
    buffers.release(lent[2]!); // 2 + 1 = 3: kept
    expect(buffers.kept).toBe(3 * MiB);
    const again = [buffers.take(2 * MiB), buffers.take(2 * MiB)];
    expect(again[0]!.memory).toBe(lent[0]!.memory);
    expect(again[1]!.memory).not.toBe(lent[1]!.memory);
  });
});

describe('IncomingMessage', () => {
  const chunksOf = (bytes: Buffer, size: number): Buffer[] => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

  it.each([
    ['a pooled size, copied into pooled memory', 200 * KiB, MiB, true],
    ['a size over maxBufferBytes, gathered and joined', 3 * MiB, MiB, false],
    ['a small size, gathered', 10 * KiB, 10 * KiB, false],
  ])('%s: the bytes come out as they went in, whatever the chunks', (_name, length, maxBufferBytes, pooled) => {
    const buffers = new ReceiveBuffers(64 * MiB, maxBufferBytes);
    const sent = Buffer.from(Array.from({ length }, (_, i) => (i * 7 + 3) & 0xff));
    const message = new IncomingMessage(length, buffers);
    // Chunks of an odd size, the last carrying 3 bytes past the message, which it must not take.
    let taken = 0;
    for (const chunk of chunksOf(Buffer.concat([sent, Buffer.from([1, 2, 3])]), 65_521)) {
      if (message.complete) break;
      taken += message.add(chunk, 0);
    }
    expect(taken).toBe(length);
    expect(message.complete).toBe(true);
    expect(message.bytes().equals(sent)).toBe(true);
    message.release();
    expect(buffers.kept > 0).toBe(pooled);
  });

  it('reserves memory ahead of the bytes only for a pooled size', () => {
    const buffers = new ReceiveBuffers(64 * MiB, MiB);
    const before = process.memoryUsage().arrayBuffers;
    const declared = new IncomingMessage(200 * MiB, buffers);
    declared.add(Buffer.alloc(100), 0);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(MiB);
    expect(declared.complete).toBe(false);
  });

  it('a message of no bytes is complete at once', () => {
    const message = new IncomingMessage(0, new ReceiveBuffers());
    expect(message.complete).toBe(true);
    expect(message.bytes().length).toBe(0);
  });
});
