/**
 * Reusable memory for request messages the emulator receives whole (PostInputs batches of
 * images): sizes over 64 KiB and up to `maxBufferBytes` (see incoming-message.ts).
 *
 * Why not a fresh Buffer per request: for an 8 MB batch the fresh buffer costs more than the
 * copy into it. The kernel faults in and zeroes every page of it, and V8 counts it as external
 * memory and collects sooner. In a profile of 5,000 x 64 KB uploads into the emulator through
 * grpc-js, its reassembly `Buffer.concat` took 459 ms and GC 346 ms of about 1,400 ms busy
 * (BENCHMARKS.md, finding 8). A buffer taken here goes back with `release` once nothing reads
 * the views decoded out of it.
 */
const MiB = 1024 * 1024;

/** Requests up to this size are not worth pooling: Node's own allocator serves them from its slab. */
const SMALL = 64 * 1024;

/** A buffer lent out: `bytes` is the requested size, a view of the pooled `memory`. */
export interface LentBuffer {
  bytes: Buffer;
  memory: Buffer | undefined;
}

export class ReceiveBuffers {
  private readonly free: Buffer[] = [];
  private keptBytes = 0;

  /**
   * @param maxKeptBytes at most this much memory waits here between requests
   * @param maxBufferBytes buffers larger than this are used once and dropped
   */
  constructor(
    private readonly maxKeptBytes = 64 * MiB,
    private readonly maxBufferBytes = 32 * MiB,
  ) {}

  /** Whether memory for a message of `size` bytes is reused: over 64 KiB and up to `maxBufferBytes`. */
  pools(size: number): boolean {
    return size > SMALL && size <= this.maxBufferBytes;
  }

  /** A buffer of exactly `size` bytes, its contents undefined. */
  take(size: number): LentBuffer {
    if (size <= SMALL) return { bytes: Buffer.allocUnsafe(size), memory: undefined };
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const candidate = this.free[i] as Buffer;
      if (candidate.length >= size && (best < 0 || candidate.length < (this.free[best] as Buffer).length)) best = i;
    }
    if (best >= 0) {
      const memory = this.free.splice(best, 1)[0] as Buffer;
      this.keptBytes -= memory.length;
      return { bytes: memory.subarray(0, size), memory };
    }
    // Whole MiBs, so the next batch, a little larger or smaller, fits the same memory.
    const memory = Buffer.allocUnsafeSlow(Math.ceil(size / MiB) * MiB);
    return { bytes: memory.subarray(0, size), memory };
  }

  /** Takes the memory back; the caller must hold no view of it any more. */
  release(lent: LentBuffer): void {
    const { memory } = lent;
    if (memory === undefined || memory.length > this.maxBufferBytes) return;
    if (this.keptBytes + memory.length > this.maxKeptBytes) return;
    this.free.push(memory);
    this.keptBytes += memory.length;
  }

  /** Bytes waiting for reuse (for tests). */
  get kept(): number {
    return this.keptBytes;
  }
}
