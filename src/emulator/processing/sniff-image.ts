/** What the header of an image file says. */
export interface SniffedImage {
  format: 'JPEG' | 'PNG' | 'GIF' | 'WEBP' | 'BMP' | 'TIFF';
  width: number;
  height: number;
  mimeType: string;
  colorMode: string;
}

/** Either the image found in the bytes, or why they are not one we recognise. */
export type SniffResult = { ok: true; image: SniffedImage } | { ok: false; reason: string };

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));

class Reader {
  constructor(private readonly b: Uint8Array) {}
  has(at: number, len: number): boolean {
    return at >= 0 && at + len <= this.b.length;
  }
  u8(at: number): number {
    return this.b[at] ?? 0;
  }
  u16(at: number, le: boolean): number {
    return le ? this.u8(at) | (this.u8(at + 1) << 8) : (this.u8(at) << 8) | this.u8(at + 1);
  }
  u24le(at: number): number {
    return this.u8(at) | (this.u8(at + 1) << 8) | (this.u8(at + 2) << 16);
  }
  u32(at: number, le: boolean): number {
    return le ? (this.u16(at, true) + this.u16(at + 2, true) * 0x10000) : this.u16(at, false) * 0x10000 + this.u16(at + 2, false);
  }
}

const PNG_COLOR: Record<number, string> = { 0: 'GRAY', 2: 'RGB', 3: 'PALETTE', 4: 'GRAY_ALPHA', 6: 'RGBA' };

function png(b: Uint8Array, r: Reader): SniffResult {
  if (!r.has(8, 18) || ascii(b, 12, 4) !== 'IHDR') return { ok: false, reason: 'corrupt PNG: no IHDR chunk after the signature' };
  return ok('PNG', 'image/png', r.u32(16, false), r.u32(20, false), PNG_COLOR[r.u8(25)] ?? '');
}

/** Walks JPEG segments to the first start-of-frame marker, which holds the size. */
function jpeg(r: Reader): SniffResult {
  let at = 2;
  while (r.has(at, 4)) {
    if (r.u8(at) !== 0xff) return { ok: false, reason: `corrupt JPEG: no marker at byte ${at}` };
    const marker = r.u8(at + 1);
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const length = r.u16(at + 2, false);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (!r.has(at + 4, 6)) break;
      const components = r.u8(at + 9);
      return ok('JPEG', 'image/jpeg', r.u16(at + 7, false), r.u16(at + 5, false), components === 1 ? 'GRAY' : components === 4 ? 'CMYK' : 'RGB');
    }
    at += 2 + length;
  }
  return { ok: false, reason: 'corrupt JPEG: no frame header (SOF) with the image size' };
}

function webp(b: Uint8Array, r: Reader): SniffResult {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && r.has(26, 4) && startsWith(b, [0x9d, 0x01, 0x2a], 23)) {
    return ok('WEBP', 'image/webp', r.u16(26, true) & 0x3fff, r.u16(28, true) & 0x3fff, 'RGB');
  }
  if (chunk === 'VP8L' && r.has(21, 4) && r.u8(20) === 0x2f) {
    const bits = r.u32(21, true);
    return ok('WEBP', 'image/webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1, 'RGBA');
  }
  if (chunk === 'VP8X' && r.has(24, 6)) return ok('WEBP', 'image/webp', r.u24le(24) + 1, r.u24le(27) + 1, 'RGBA');
  return { ok: false, reason: 'corrupt WebP: no VP8, VP8L or VP8X header with the image size' };
}

function bmp(r: Reader): SniffResult {
  if (!r.has(14, 12)) return { ok: false, reason: 'corrupt BMP: header too short' };
  const headerSize = r.u32(14, true);
  if (headerSize === 12) return ok('BMP', 'image/bmp', r.u16(18, true), r.u16(20, true), '');
  if (!r.has(18, 8)) return { ok: false, reason: 'corrupt BMP: header too short' };
  const height = r.u32(22, true) | 0;
  return ok('BMP', 'image/bmp', r.u32(18, true) | 0, Math.abs(height), '');
}

function tiff(r: Reader, le: boolean): SniffResult {
  const ifd = r.u32(4, le);
  if (!r.has(ifd, 2)) return { ok: false, reason: 'corrupt TIFF: first IFD is outside the data' };
  const entries = r.u16(ifd, le);
  let width = 0;
  let height = 0;
  for (let i = 0; i < entries; i++) {
    const at = ifd + 2 + i * 12;
    if (!r.has(at, 12)) break;
    const tag = r.u16(at, le);
    const type = r.u16(at + 2, le);
    const value = type === 3 ? r.u16(at + 8, le) : r.u32(at + 8, le);
    if (tag === 256) width = value;
    if (tag === 257) height = value;
  }
  if (!width || !height) return { ok: false, reason: 'corrupt TIFF: no ImageWidth/ImageLength tags' };
  return ok('TIFF', 'image/tiff', width, height, '');
}

function ok(format: SniffedImage['format'], mimeType: string, width: number, height: number, colorMode: string): SniffResult {
  if (!(width > 0 && height > 0)) return { ok: false, reason: `corrupt ${format}: size ${width}x${height}` };
  return { ok: true, image: { format, mimeType, width, height, colorMode } };
}

/**
 * Recognises JPEG, PNG, GIF, WebP, BMP and TIFF by their signatures and reads width and height
 * from the header. Only headers are read: pixel data is not decoded.
 */
export function sniffImage(b: Uint8Array): SniffResult {
  const r = new Reader(b);
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return png(b, r);
  if (startsWith(b, [0xff, 0xd8, 0xff])) return jpeg(r);
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') {
    return r.has(6, 4) ? ok('GIF', 'image/gif', r.u16(6, true), r.u16(8, true), 'PALETTE') : { ok: false, reason: 'corrupt GIF: header too short' };
  }
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webp(b, r);
  if (ascii(b, 0, 2) === 'BM') return bmp(r);
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00])) return tiff(r, true);
  if (startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return tiff(r, false);
  return { ok: false, reason: 'not an image: the bytes are not JPEG, PNG, GIF, WebP, BMP or TIFF' };
}
