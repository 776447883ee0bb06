/**
 * A ListInputs / StreamInputs answer whose inputs are decoded one at a time, when the iterator
 * reaches them, instead of all at once when the page arrives.
 *
 * Why: an eagerly decoded page of 1,000 inputs (a few MB of objects) stays alive while the
 * caller consumes it, through several young-generation collections, so V8 promotes it to the old
 * generation, where it waits as garbage for a major collection: a 1,000,000-input export peaked
 * at ~300 MB with a live heap of ~14 MB (BENCHMARKS.md). Decoded lazily, each input is garbage as
 * soon as the caller drops it and dies young; the page keeps only its bytes and two offsets per
 * input. The bytes are the message buffer grpc-js hands to the deserializer (a fresh buffer per
 * message, never reused), so keeping a view of it is safe; eagerly decoded `bytes` fields are
 * views of it too.
 */
import type { BinaryReader } from '@bufbuild/protobuf/wire';
import { Input } from '../../generated/clarifai/api/resources.pb';
import type { Status } from '../../generated/clarifai/api/status/status.pb';
import { scanMultiInputResponse } from '../inputs/multi-input-response';

/** What the page iterator needs: a length and the item at an index. Arrays are pages too. */
export interface Page<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

/** The inputs of one answer, each decoded from its bytes when asked for. */
export class InputPage implements Page<Input> {
  readonly #reader: BinaryReader;
  /** Start and end offset of input i at 2i and 2i + 1. */
  readonly #bounds: number[];

  constructor(reader: BinaryReader, bounds: number[]) {
    this.#reader = reader;
    this.#bounds = bounds;
  }

  get length(): number {
    return this.#bounds.length / 2;
  }

  at(index: number): Input | undefined {
    const start = this.#bounds[2 * index];
    const end = this.#bounds[2 * index + 1];
    if (start === undefined || end === undefined) return undefined;
    this.#reader.pos = start;
    return Input.decode(this.#reader, end - start);
  }
}

export interface InputPageResponse {
  status?: Status | undefined;
  inputs: InputPage;
}

/**
 * Reads a MultiInputResponse: the status now, the inputs' offsets only (their lengths are
 * checked against the message, so a truncated answer fails here, not in the middle of a page).
 * Other fields (`inputs_add_job`) are skipped: the iterators do not read them.
 */
export function decodeInputPage(bytes: Uint8Array): InputPageResponse {
  const { reader, status, bounds } = scanMultiInputResponse(bytes, 'MultiInputResponse');
  return { status, inputs: new InputPage(reader, bounds) };
}
