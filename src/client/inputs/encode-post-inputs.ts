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
 * generated codec, so nothing this file does not know about can be dropped. The heads of an input
 * measured before it is sent (`measuredParts`, for cutting batches by bytes) are made then and
 * kept, so every other field of an input is encoded once, however often it is sent.
 */
import { Audio, Data, Image, Input, Video } from '../../generated/clarifai/api/resources.pb';
import { PostInputsRequest } from '../../generated/clarifai/api/service.pb';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
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

/** A length-delimited field's parts: encoded bytes, a length only (to measure), or nested fields. */
type Part = Uint8Array | number | Field;

/** One length-delimited field: its tag and length, then its parts in order. */
interface Field {
  number: number;
  parts: Part[];
  /** Payload length, without this field's own tag and length. */
  length: number;
}

const wireSize = (f: Field) => varintSize((f.number << 3) | LENGTH_DELIMITED) + varintSize(f.length) + f.length;

function field(number: number, parts: Part[]): Field {
  let length = 0;
  for (const part of parts) length += typeof part === 'number' ? part : part instanceof Uint8Array ? part.length : wireSize(part);
  return { number, parts, length };
}

export type MediaKey = 'image' | 'video' | 'audio';

/**
 * An input's encoding apart from its media bytes: what the generated codec writes for every
 * other field. Made once per input (when it is measured, before its batch is cut) and used for
 * every attempt that sends it, so concepts and metadata are encoded once.
 */
interface InputParts {
  /** The Input without `data`, or the whole input when no media bytes are split out. */
  input: Uint8Array;
  /** Data without the split media, and each split media message without its bytes. */
  data?: { head: Uint8Array; media: Array<{ key: MediaKey; field: number; head: Uint8Array }> };
}

/**
 * Where `measuredParts` keeps an input's parts: on the wire input itself (our own object, made for
 * that input), so they live exactly as long as it does, with no table to keep (a WeakMap measured
 * no faster here than encoding twice).
 */
const PARTS = Symbol('clarifai-inputs.encodedParts');
type WithParts = Input & { [PARTS]?: InputParts };

const mediaBytes = (media: { base64?: unknown } | undefined): Uint8Array | undefined =>
  media?.base64 instanceof Uint8Array && media.base64.length > 0 ? media.base64 : undefined;

/**
 * One writer for every head: the generated `encode` makes a new writer per call, whose buffer
 * starts at 128 bytes and doubles (a new array, a copy and a new DataView each time) until a
 * labelled input fits (with this and `measuredParts`, preparing and encoding a labelled input went
 * from 27-33 to 19-22 us). `finish()` copies the head out and resets the writer, keeping its grown
 * buffer. Synchronous, so never shared by
 * two encodings; after a throw it is reset, so a failed encoding leaves nothing behind.
 */
const writer = new BinaryWriter();

function encodeHead<T>(codec: { encode(message: T, writer: BinaryWriter): BinaryWriter }, message: T): Uint8Array {
  try {
    return codec.encode(message, writer).finish();
  } catch (err) {
    writer.finish();
    throw err;
  }
}

function encodeParts(input: Input, split: readonly MediaKey[]): InputParts {
  const data = input.data;
  const splitMedia = data === undefined ? [] : MEDIA.filter((m) => split.includes(m.key) && data[m.key] !== undefined);
  if (data === undefined || splitMedia.length === 0) return { input: encodeHead(Input, input) };
  const dataHead: Data = { ...data };
  const media = splitMedia.map((m) => {
    const content = data[m.key] as Image & Video & Audio;
    dataHead[m.key] = undefined;
    return { key: m.key, field: m.field, head: encodeHead<Image & Video & Audio>(m.codec, { ...content, base64: EMPTY }) };
  });
  return { input: encodeHead(Input, { ...input, data: undefined }), data: { head: encodeHead(Data, dataHead), media } };
}

/** The input's field in PostInputsRequest, each split media's bytes (or only their length) from `bytesOf`. */
function inputField(parts: InputParts, bytesOf: (key: MediaKey) => Uint8Array | number): Field {
  if (parts.data === undefined) return field(INPUTS_FIELD, [parts.input]);
  const media = parts.data.media.map((m) => field(m.field, [m.head, field(BYTES_FIELD, [bytesOf(m.key)])]));
  return field(INPUTS_FIELD, [parts.input, field(DATA_FIELD, [parts.data.head, ...media])]);
}

/**
 * Encodes `input` (a wire input whose media content is not there yet) apart from the bytes of the
 * media in `sizes`, remembers the parts for when `input` is sent with those bytes, and returns
 * the exact size the input adds to a PostInputsRequest when each media has `sizes[key]` bytes.
 */
export function measuredParts(input: Input, sizes: Partial<Record<MediaKey, number>>): number {
  const parts = encodeParts(input, Object.keys(sizes) as MediaKey[]);
  (input as WithParts)[PARTS] = parts;
  return wireSize(inputField(parts, (key) => sizes[key] ?? 0));
}

function splitInput(input: Input): Field {
  const data = input.data;
  const parts = (input as WithParts)[PARTS] ?? encodeParts(input, data === undefined ? [] : MEDIA.filter((m) => mediaBytes(data[m.key]) !== undefined).map((m) => m.key));
  return inputField(parts, (key) => (data?.[key] as { base64: Uint8Array } | undefined)?.base64 ?? EMPTY);
}

function write(out: Buffer, at: number, f: Field): number {
  at = writeVarint(out, at, (f.number << 3) | LENGTH_DELIMITED);
  at = writeVarint(out, at, f.length);
  for (const part of f.parts) {
    if (part instanceof Uint8Array) {
      out.set(part, at);
      at += part.length;
    } else if (typeof part === 'number') {
      throw new Error('encodePostInputs: a measured length where bytes belong');
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
  const head = encodeHead(PostInputsRequest, { ...request, inputs: [] });
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
