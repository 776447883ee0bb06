/**
 * The first pass over an encoded MultiInputResponse, shared by the readers that decode its inputs
 * later (`InputPage` for ListInputs / StreamInputs, `decodePostInputsAnswer` for PostInputs): the
 * status decoded, each input's start and end offset checked against the message, other fields
 * (`inputs_add_job`) skipped.
 */
import { BinaryReader, type WireType } from '@bufbuild/protobuf/wire';
import { Status } from '../../generated/clarifai/api/status/status.pb';

/** MultiInputResponse field tags: status (1), inputs (2), both length-delimited. */
const STATUS_TAG = (1 << 3) | 2;
const INPUTS_TAG = (2 << 3) | 2;

export interface ScannedResponse {
  /** A reader over the whole message, for decoding inputs from their offsets. */
  reader: BinaryReader;
  status: Status | undefined;
  /** Start and end offset of input i at 2i and 2i + 1. */
  bounds: number[];
}

/** Skips one field of wire type `tag & 7`; a malformed tag (0, or an end-group) is refused. */
export function skipField(reader: BinaryReader, tag: number, what: string): void {
  if ((tag & 7) === 4 || tag === 0) throw new RangeError(`${what}: malformed field`);
  reader.skip((tag & 7) as WireType);
}

/** Scans `bytes`; `what` names the message in errors (a truncated input fails here, not later). */
export function scanMultiInputResponse(bytes: Uint8Array, what: string): ScannedResponse {
  const reader = new BinaryReader(bytes);
  const bounds: number[] = [];
  let status: Status | undefined;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === STATUS_TAG) {
      status = Status.decode(reader, reader.uint32());
    } else if (tag === INPUTS_TAG) {
      const length = reader.uint32();
      const start = reader.pos;
      if (start + length > reader.len) throw new RangeError(`${what}: input ${bounds.length / 2} runs past the end of the message`);
      bounds.push(start, start + length);
      reader.pos = start + length;
    } else {
      skipField(reader, tag, what);
    }
  }
  return { reader, status, bounds };
}
