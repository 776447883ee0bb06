/**
 * Encoded ListInputs / StreamInputs answers over the deterministic `listedInput` set. Pages are
 * encoded once and kept when the set is small enough, so the server is never the bottleneck of a
 * decode benchmark; a 1M-input export encodes each page on demand instead.
 */
import { MultiInputResponse } from '../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { listedInput } from '../fixtures/listed-inputs';

const SUCCESS = { code: StatusCode.SUCCESS, description: 'Ok', details: '', percentCompleted: 0, timeRemaining: 0, reqId: 'bench' };

export class PageSource {
  private readonly cache = new Map<string, Buffer>();

  constructor(
    readonly total: number,
    private readonly keepPages: boolean,
  ) {}

  /** Inputs [start, start + count) clipped to the set, as an encoded MultiInputResponse. */
  page(start: number, count: number): Buffer {
    const key = `${start}:${count}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const end = Math.min(this.total, start + count);
    const inputs = [];
    for (let i = Math.max(0, start); i < end; i++) inputs.push(listedInput(i));
    const encoded = MultiInputResponse.encode(MultiInputResponse.fromPartial({ status: SUCCESS, inputs })).finish();
    const buffer = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    if (this.keepPages) this.cache.set(key, buffer);
    return buffer;
  }

  /** Encodes every page of `perPage` ahead of time (only when pages are kept). */
  warm(perPage: number): void {
    if (!this.keepPages) return;
    for (let start = 0; start <= this.total; start += perPage) this.page(start, perPage);
  }
}
