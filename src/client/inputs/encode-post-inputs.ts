/**
 * A PostInputs serializer that copies each media payload once. The generated codec (ts-proto over
 * @bufbuild/protobuf's BinaryWriter) writes into one growing buffer: every doubling copies what
 * is there, every `join()` of a nested message longer than 127 bytes shifts its payload to widen
 * the length prefix (Image, Data and Input: three shifts per image), and `finish()` copies the
 * whole request once more.
 *
 * Here every field except the media bytes (`Image/Video/Audio.base64`) is still written by the
 * generated codec: each message's other fields become a small "head", encoded with the media
 * field left out. The lengths are then known, so the request is written once into a buffer of
 * the exact size: head, then the nested media field, then its bytes. Protobuf allows fields in
 * any order and each media field appears exactly once, so any conforming decoder reads the same
 * message as from the generated encoder (test/client/encode-post-inputs.test.ts checks ours and
 * the official google-protobuf classes). An input without media bytes is encoded whole by the
 * generated codec, so nothing this file does not know about can be dropped.
 */
import { Audio, Data, Image, Input, Video } from '../../generated/clarifai/api/resources.pb';
import { PostInputsRequest } from '../../generated/clarifai/api/service.pb';
import { requestBuffer } from './request-buffers';

const LENGTH_DELIMITED = 2;
const INPUTS_FIELD = 2; // PostInputsRequest.inputs
const DATA_FIELD = 2; // Input.data
const BYTES_FIELD = 2; // Image.base64, Video.base64, Audio.base64
const MEDIA = [
  { key: 'image', field: 1, codec: Image },
  { key: 'video', field: 2, codec: Video },
  { key: 'audio', field: 14, codec: Audio },
] as const;
const EMPTY = new Uint8Array(0);

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

function writeVarint(out: Buffer, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  out[at++] = n;
  return at;
}

/** One length-delimited field: its tag and length, then its parts in order. */
interface Field {
  number: number;
  /** Already-encoded bytes (a head, or the media payload) and nested fields. */
  parts: Array<Uint8Array | Field>;
  /** Payload length, without this field's own tag and length. */
  length: number;
}

const wireSize = (f: Field) => varintSize((f.number << 3) | LENGTH_DELIMITED) + varintSize(f.length) + f.length;

function field(number: number, parts: Array<Uint8Array | Field>): Field {
  let length = 0;
  for (const part of parts) length += part instanceof Uint8Array ? part.length : wireSize(part);
  return { number, parts, length };
}

const mediaBytes = (media: { base64?: unknown } | undefined): Uint8Array | undefined =>
  media?.base64 instanceof Uint8Array && media.base64.length > 0 ? media.base64 : undefined;

function splitInput(input: Input): Field {
  const data = input.data;
  const split = data === undefined ? [] : MEDIA.filter((m) => mediaBytes(data[m.key]) !== undefined);
  if (data === undefined || split.length === 0) return field(INPUTS_FIELD, [Input.encode(input).finish()]);
  const dataHead: Data = { ...data };
  const mediaFields: Field[] = [];
  for (const m of split) {
    const content = data[m.key] as Image & Video & Audio;
    dataHead[m.key] = undefined;
    const head = m.codec.encode({ ...content, base64: EMPTY }).finish();
    mediaFields.push(field(m.field, [head, field(BYTES_FIELD, [content.base64])]));
  }
  const dataField = field(DATA_FIELD, [Data.encode(dataHead).finish(), ...mediaFields]);
  return field(INPUTS_FIELD, [Input.encode({ ...input, data: undefined }).finish(), dataField]);
}

function write(out: Buffer, at: number, f: Field): number {
  at = writeVarint(out, at, (f.number << 3) | LENGTH_DELIMITED);
  at = writeVarint(out, at, f.length);
  for (const part of f.parts) {
    if (part instanceof Uint8Array) {
      out.set(part, at);
      at += part.length;
    } else {
      at = write(out, at, part);
    }
  }
  return at;
}

/**
 * The wire bytes of a PostInputsRequest, each media payload copied once, into a pooled buffer
 * when the request is large (request-buffers.ts: recycled once the request has its answer).
 */
export function encodePostInputs(request: PostInputsRequest): Buffer {
  const head = PostInputsRequest.encode({ ...request, inputs: [] }).finish();
  const inputs = request.inputs.map(splitInput);
  let size = head.length;
  for (const f of inputs) size += wireSize(f);
  const out = requestBuffer(request, size);
  out.set(head, 0);
  let at = head.length;
  for (const f of inputs) at = write(out, at, f);
  if (at !== size) throw new Error(`encodePostInputs: wrote ${at} of ${size} bytes`);
  return out;
}
