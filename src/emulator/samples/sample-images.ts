import { crc32, deflateSync } from 'node:zlib';

/**
 * Tiny images made in code, for tests, the demo and anyone trying the emulator. PNG, GIF, BMP
 * and TIFF are complete, decodable files; JPEG and WebP carry valid headers (signature and
 * size) with no decodable pixel data, which is all the emulator reads. `seed` changes the
 * colour, so different seeds give different bytes.
 */

function rgb(seed: number): [number, number, number] {
  const s = (seed * 2654435761) >>> 0;
  return [s & 0xff, (s >>> 8) & 0xff, (s >>> 16) & 0xff];
}

function check(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0xffff || height > 0xffff) {
    throw new RangeError(`sample image size must be integers from 1 to 65535, got ${width}x${height}`);
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A solid-colour RGB PNG. */
export function samplePng(width = 2, height = 2, seed = 0): Buffer {
  check(width, height);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + width * 3);
  const [r, g, b] = rgb(seed);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A JPEG header: SOI, JFIF APP0, a baseline frame header with the size, EOI. */
export function sampleJpeg(width = 2, height = 2, seed = 0): Buffer {
  check(width, height);
  const app0 = Buffer.from([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof = Buffer.from([0xff, 0xc0, 0, 17, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
  const com = Buffer.from([0xff, 0xfe, 0, 6, ...rgb(seed), 0]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, com, sof, Buffer.from([0xff, 0xd9])]);
}

/** LZW data for `count` pixels of colour index 0, with a clear code every two pixels. */
function gifPixels(count: number): Buffer {
  const codes: number[] = [4];
  for (let i = 0; i < count; i++) {
    codes.push(0);
    if (i % 2 === 1 && i + 1 < count) codes.push(4);
  }
  codes.push(5);
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const code of codes) {
    acc |= code << bits;
    bits += 3;
    while (bits >= 8) {
      bytes.push(acc & 0xff);
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) bytes.push(acc & 0xff);
  const blocks: number[] = [2];
  for (let i = 0; i < bytes.length; i += 255) {
    const part = bytes.slice(i, i + 255);
    blocks.push(part.length, ...part);
  }
  blocks.push(0);
  return Buffer.from(blocks);
}

/** A solid-colour GIF89a. */
export function sampleGif(width = 2, height = 2, seed = 0): Buffer {
  check(width, height);
  const head = Buffer.alloc(13);
  head.write('GIF89a', 0, 'ascii');
  head.writeUInt16LE(width, 6);
  head.writeUInt16LE(height, 8);
  head.set([0x81, 0, 0], 10);
  const palette = Buffer.from([...rgb(seed), 0, 0, 0, 0, 0, 0, 0, 0, 0]).subarray(0, 6);
  const descriptor = Buffer.alloc(10);
  descriptor[0] = 0x2c;
  descriptor.writeUInt16LE(width, 5);
  descriptor.writeUInt16LE(height, 7);
  return Buffer.concat([head, palette, descriptor, gifPixels(width * height), Buffer.from([0x3b])]);
}

/** A WebP header of the given variant with the size; no decodable image data. */
export function sampleWebp(width = 2, height = 2, seed = 0, variant: 'VP8' | 'VP8L' | 'VP8X' = 'VP8X'): Buffer {
  check(width, height);
  if (variant === 'VP8L' && (width > 0x4000 || height > 0x4000)) throw new RangeError('VP8L sizes go up to 16384');
  let body: Buffer;
  if (variant === 'VP8X') {
    body = Buffer.alloc(10);
    body.writeUIntLE(width - 1, 4, 3);
    body.writeUIntLE(height - 1, 7, 3);
  } else if (variant === 'VP8L') {
    body = Buffer.alloc(5);
    body[0] = 0x2f;
    body.writeUInt32LE(((width - 1) | ((height - 1) << 14)) >>> 0, 1);
  } else {
    body = Buffer.alloc(10);
    body.set([0, 0, 0, 0x9d, 0x01, 0x2a], 0);
    body.writeUInt16LE(width, 6);
    body.writeUInt16LE(height, 8);
  }
  body = Buffer.concat([body, Buffer.from(rgb(seed)), Buffer.alloc((body.length + 3) % 2)]);
  const chunkHead = Buffer.alloc(8);
  chunkHead.write(variant.padEnd(4, ' '), 0, 'ascii');
  chunkHead.writeUInt32LE(body.length, 4);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(4 + chunkHead.length + body.length, 4);
  riff.write('WEBP', 8, 'ascii');
  return Buffer.concat([riff, chunkHead, body]);
}

/** A solid-colour 24-bit BMP. */
export function sampleBmp(width = 2, height = 2, seed = 0): Buffer {
  check(width, height);
  const stride = Math.ceil((width * 3) / 4) * 4;
  const pixels = Buffer.alloc(stride * height);
  const [r, g, b] = rgb(seed);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.set([b, g, r], y * stride + x * 3);
  const head = Buffer.alloc(54);
  head.write('BM', 0, 'ascii');
  head.writeUInt32LE(54 + pixels.length, 2);
  head.writeUInt32LE(54, 10);
  head.writeUInt32LE(40, 14);
  head.writeInt32LE(width, 18);
  head.writeInt32LE(height, 22);
  head.writeUInt16LE(1, 26);
  head.writeUInt16LE(24, 28);
  head.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([head, pixels]);
}

/** A solid grey 8-bit uncompressed TIFF, little-endian. */
export function sampleTiff(width = 2, height = 2, seed = 0): Buffer {
  check(width, height);
  const entries: [number, number, number][] = [
    [256, 4, width],
    [257, 4, height],
    [258, 3, 8],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 0],
    [278, 4, height],
    [279, 4, width * height],
  ];
  const ifdSize = 2 + entries.length * 12 + 4;
  const dataOffset = 8 + ifdSize;
  const out = Buffer.alloc(dataOffset + width * height, rgb(seed)[0]);
  out.write('II', 0, 'ascii');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(1, at + 4);
    if (type === 3) out.writeUInt16LE(value, at + 8);
    else out.writeUInt32LE(tag === 273 ? dataOffset : value, at + 8);
  });
  out.writeUInt32LE(0, 10 + entries.length * 12);
  return out;
}
