import type { ImageInfo } from '../../generated/clarifai/api/resources.pb';
import type { InputKind } from '../store/stored-data';
import { sniffImage } from './sniff-image';

/**
 * What an input's bytes turned out to be: the content type to serve them with and, for images,
 * what goes in `image_info`; or why the input fails processing.
 */
export type ContentCheck = { ok: true; contentType: string; imageInfo?: ImageInfo } | { ok: false; details: string };

/** The content type of bytes nothing is known about. */
export const UNKNOWN_CONTENT_TYPE = 'application/octet-stream';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks bytes for an input of `kind`: images must be a format `sniffImage` reads (header only),
 * text must be UTF-8, video and audio are taken as given. `where` ends failure details (e.g.
 * "uploaded bytes"); `declaredType` is what a download's server said, used when nothing better
 * is known. Pure and cheap: no pixel is decoded.
 */
export function checkContent(kind: InputKind, bytes: Uint8Array, where: string, declaredType = ''): ContentCheck {
  if (kind === 'image') {
    const sniffed = sniffImage(bytes);
    if (!sniffed.ok) return { ok: false, details: `${sniffed.reason} (${where})` };
    const { format, width, height, colorMode, mimeType } = sniffed.image;
    return { ok: true, contentType: mimeType, imageInfo: { format, width, height, colorMode } };
  }
  if (kind === 'text') {
    try {
      utf8.decode(bytes);
    } catch {
      return { ok: false, details: `not text: the bytes are not valid UTF-8 (${where})` };
    }
    return { ok: true, contentType: declaredType || 'text/plain; charset=utf-8' };
  }
  // Video and audio are stored as given: their containers are not inspected.
  return { ok: true, contentType: declaredType || UNKNOWN_CONTENT_TYPE };
}
