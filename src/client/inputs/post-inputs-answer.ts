/**
 * A PostInputs answer read for what `addInputs` needs at once (the status, and each input's id
 * and status), with each input's other fields decoded only when asked for.
 *
 * Why: the service echoes every input it stored (concepts, metadata as a Struct, hosted URLs).
 * Decoding all of that when the answer arrives cost 14% of the client's CPU in a profile of
 * small labelled inputs sent to the emulator, while most callers never read `added[i].input`.
 *
 * Small entries are decoded later from a view of the answer's bytes (grpc-js hands the
 * deserializer a fresh buffer per message, never reused), which keeps the answer's bytes alive
 * while any of its entries is: a few hundred bytes per input, less than the decoded objects. An
 * answer with an entry over `EAGER_ENTRY_BYTES` (a service that echoes media bytes) is decoded
 * whole at once, so a kept entry never holds media bytes alive; `post-batch.ts` drops those.
 */
import type { BinaryReader } from '@bufbuild/protobuf/wire';
import { Input } from '../../generated/clarifai/api/resources.pb';
import { Status } from '../../generated/clarifai/api/status/status.pb';
import { scanMultiInputResponse, skipField } from './multi-input-response';

/** One input of the answer. */
export interface AnswerEntry {
  readonly id: string;
  readonly status: Status | undefined;
  /**
   * The whole input as returned: decoded already (an answer that echoes media bytes, see
   * `EAGER_ENTRY_BYTES`), or a function that decodes it (`added` in post-batch.ts keeps what it
   * makes of it).
   */
  readonly input: Input | (() => Input);
}

export interface PostInputsAnswer {
  status: Status | undefined;
  inputs: AnswerEntry[];
}

/** An entry this long or longer probably carries media bytes: the whole answer is decoded at once. */
export const EAGER_ENTRY_BYTES = 16 * 1024;

const WHAT = 'PostInputs answer';
const ID_TAG = (1 << 3) | 2; // Input.id
const INPUT_STATUS_TAG = (6 << 3) | 2; // Input.status

/** Reads the id and status of the input at [start, end) with `reader` (shared), leaving the rest for `input`. */
function lazyEntry(reader: BinaryReader, bytes: Uint8Array, start: number, end: number): AnswerEntry {
  let id = '';
  let status: Status | undefined;
  reader.pos = start;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === ID_TAG) id = reader.string();
    else if (tag === INPUT_STATUS_TAG) status = Status.decode(reader, reader.uint32());
    else skipField(reader, tag, WHAT);
  }
  if (reader.pos !== end) throw new RangeError(`${WHAT}: input ${JSON.stringify(id)} overruns its length`);
  return { id, status, input: () => Input.decode(bytes.subarray(start, end)) };
}

/** Decodes a MultiInputResponse as PostInputs answers it. Its `inputs_add_job` is skipped: addInputs does not read it. */
export function decodePostInputsAnswer(bytes: Uint8Array): PostInputsAnswer {
  const { reader, status, bounds } = scanMultiInputResponse(bytes, WHAT);
  let eager = false;
  for (let i = 0; i < bounds.length; i += 2) eager ||= (bounds[i + 1] as number) - (bounds[i] as number) >= EAGER_ENTRY_BYTES;
  const inputs: AnswerEntry[] = [];
  for (let i = 0; i < bounds.length; i += 2) {
    const start = bounds[i] as number;
    const end = bounds[i + 1] as number;
    if (!eager) inputs.push(lazyEntry(reader, bytes, start, end));
    else {
      const input = Input.decode(bytes.subarray(start, end));
      inputs.push({ id: input.id, status: input.status, input });
    }
  }
  return { status, inputs };
}
