/**
 * Pre-encoded PostInputs requests for the transport-floor contenders. Each in-flight slot owns an
 * encoded request per batch size; sending batch k only stamps its fixed-width ids into place, so
 * the timed loop does no protobuf work at all. A slot is reused only after its call completed.
 */
import { PostInputsRequest } from '../../src/generated/clarifai/api/service.pb';
import { imagePool, uploadId } from '../fixtures/image-bytes';
import { grpcFrame } from './grpc-frame';
import { USER_APP } from './upload-task';

interface Template {
  bytes: Buffer;
  idOffsets: number[];
}

export class StampedBatches {
  private readonly pool: Buffer[];
  private readonly templates = new Map<string, Template>();

  constructor(
    imageBytes: number,
    private readonly batchSize: number,
    /** With the 5-byte gRPC frame header (for raw HTTP/2), or the bare message (for grpc-js). */
    private readonly framed: boolean,
  ) {
    this.pool = imagePool(batchSize, imageBytes);
  }

  private template(count: number, slot: number): Template {
    const key = `${slot}:${count}`;
    const existing = this.templates.get(key);
    if (existing) return existing;
    const inputs = Array.from({ length: count }, (_, j) => ({
      id: uploadId(j),
      data: { image: { base64: this.pool[j % this.pool.length] } },
    }));
    const encoded = PostInputsRequest.encode(PostInputsRequest.fromPartial({ userAppId: USER_APP, inputs })).finish();
    const bytes = this.framed ? grpcFrame(encoded) : Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    const idOffsets: number[] = [];
    let from = 0;
    for (let j = 0; j < count; j++) {
      const at = bytes.indexOf(uploadId(j), from, 'latin1');
      if (at < 0) throw new Error(`stamped batch: id ${uploadId(j)} not found in the encoded template`);
      idOffsets.push(at);
      from = at + 1;
    }
    const template = { bytes, idOffsets };
    this.templates.set(key, template);
    return template;
  }

  /** Encodes every template a run of `count` inputs in `slots` slots will use, before timing starts. */
  prepare(count: number, slots: number): void {
    const sizes = new Set([Math.min(this.batchSize, count), count % this.batchSize || this.batchSize]);
    for (let slot = 0; slot < slots; slot++) for (const size of sizes) this.template(size, slot);
  }

  /** The encoded request for inputs [start, start + count), in the buffer owned by `slot`. */
  batch(start: number, count: number, slot: number): Buffer {
    const { bytes, idOffsets } = this.template(count, slot);
    idOffsets.forEach((offset, j) => bytes.write(uploadId(start + j), offset, 'latin1'));
    return bytes;
  }
}
