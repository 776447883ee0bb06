import type { LentBuffer, ReceiveBuffers } from './receive-buffers';

/**
 * One request message as its bytes arrive. A size `ReceiveBuffers` pools is copied into pooled
 * memory taken when the frame header names the size; any other size is gathered as it comes and
 * joined once whole, as grpc-js does. So a large size that a header merely declares reserves
 * nothing: only the pooled sizes (up to 32 MiB) are taken ahead of their bytes.
 */
export class IncomingMessage {
  private lent: LentBuffer | undefined;
  private parts: Buffer[] = [];
  private received = 0;

  /** May throw a RangeError when memory for a pooled size cannot be had. */
  constructor(
    readonly length: number,
    private readonly buffers: ReceiveBuffers,
  ) {
    if (buffers.pools(length)) this.lent = buffers.take(length);
  }

  get complete(): boolean {
    return this.received === this.length;
  }

  /** Takes what the message still needs of `chunk` from `from` on; returns how many bytes it took. */
  add(chunk: Buffer, from: number): number {
    const n = Math.min(this.length - this.received, chunk.length - from);
    if (this.lent !== undefined) chunk.copy(this.lent.bytes, this.received, from, from + n);
    else if (n > 0) this.parts.push(chunk.subarray(from, from + n));
    this.received += n;
    return n;
  }

  /** The whole message, once `complete`. Joining gathered parts may throw a RangeError. */
  bytes(): Buffer {
    if (this.lent !== undefined) return this.lent.bytes;
    return this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.length);
  }

  /** Gives pooled memory back; nothing may read `bytes()` after. */
  release(): void {
    if (this.lent !== undefined) this.buffers.release(this.lent);
    this.lent = undefined;
    this.parts = [];
  }
}
