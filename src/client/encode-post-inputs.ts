/**
 * A PostInputs serializer that copies each media payload once. The generated codec (ts-proto over
 * @bufbuild/protobuf's BinaryWriter) writes into one growing buffer: every doubling copies what
 * is there, every `join()` of a nested message longer than 127 bytes shifts its payload to widen
 * the length prefix (Image, Data and Input: three shifts per image), and `finish()` copies the
 * whole request once more. Here the small parts of each input are still encoded by the generated
 * codec, without the media bytes; the lengths are then known, so the request is written once into
 * a buffer of the exact size. Protobuf allows fields in any order, so the result decodes to the
 * same message with any conforming decoder (the cross-check lives in the codec workload).
 */
import { Audio, Data, Image, Input, Video } from '../../src/generated/clarifai/api/resources.pb';
import { PostInputsRequest } from '../../src/generated/clarifai/api/service.pb';

const LENGTH_DELIMITED = 2;
const INPUTS_FIELD = 2; // PostInputsRequest.inputs
const DATA_FIELD = 2; // Input.data
const BYTES_FIELD = 2; // Image.base64, Video.base64, Audio.base64
const MEDIA = [
  { key: 'image', field: 1, codec: Image },
  { key: 'video', field: 2, codec: Video },
  { key: 'audio', field: 14, codec: Audio },
] as const;

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

const fieldSize = (field: number, length: number) => varintSize((field << 3) | LENGTH_DELIMITED) + varintSize(length) + length;

/** One length-delimited field: a head (already encoded) followed by nested parts. */
interface Piece {
  field: number;
  head: Uint8Array;
  /** The nested field at the end of this one, or the raw payload bytes. */
  tail: Piece | Uint8Array | undefined;
  length: number;
}

function piece(field: number, head: Uint8Array, tail: Piece | Uint8Array | undefined): Piece {
  const tailSize = tail === undefined ? 0 : tail instanceof Uint8Array ? tail.length : fieldSize(tail.field, tail.length);
  return { field, head, tail, length: head.length + tailSize };
}

function split(input: Input): Piece {
  const data = input.data;
  const media = data && MEDIA.find((m) => (data[m.key]?.base64.length ?? 0) > 0);
  if (data === undefined || media === undefined) return piece(INPUTS_FIELD, Input.encode(input).finish(), undefined);
  const content = data[media.key] as Image & Video & Audio;
  const payload = piece(BYTES_FIELD, new Uint8Array(0), content.base64);
  const mediaPiece = piece(media.field, media.codec.encode({ ...content, base64: new Uint8Array(0) }).finish(), payload);
  const dataPiece = piece(DATA_FIELD, Data.encode({ ...data, [media.key]: undefined }).finish(), mediaPiece);
  return piece(INPUTS_FIELD, Input.encode({ ...input, data: undefined }).finish(), dataPiece);
}

function write(out: Buffer, at: number, p: Piece): number {
  at = writeVarint(out, at, (p.field << 3) | LENGTH_DELIMITED);
  at = writeVarint(out, at, p.length);
  out.set(p.head, at);
  at += p.head.length;
  if (p.tail instanceof Uint8Array) {
    out.set(p.tail, at);
    return at + p.tail.length;
  }
  return p.tail === undefined ? at : write(out, at, p.tail);
}

export function encodePostInputs(request: PostInputsRequest): Buffer {
  const head = PostInputsRequest.encode({ ...request, inputs: [] }).finish();
  const pieces = request.inputs.map(split);
  const out = Buffer.allocUnsafe(pieces.reduce((sum, p) => sum + fieldSize(p.field, p.length), head.length));
  out.set(head, 0);
  let at = head.length;
  for (const p of pieces) at = write(out, at, p);
  if (at !== out.length) throw new Error(`encodePostInputs: wrote ${at} of ${out.length} bytes`);
  return out;
}
