import { badFlag } from '../cli-error';
import { extensionOf, isMediaKind, mediaKindOf, type MediaKind } from './media-kind';

/** Which files of a folder `--type` lets through; undefined lets every known kind through. */
export interface TypeFilter {
  accepts(file: string, kind: MediaKind): boolean;
  /** The flag as given, for skip reasons: "not selected by --type image". */
  text: string;
}

/**
 * Parses `--type`: a comma-separated list of kinds (image, video, audio, text) and/or file
 * extensions (jpg, .png). A file passes when its kind or its extension is listed. An extension
 * that is no known kind is refused, since such files would never be sent.
 */
export function parseTypeFlag(text: string | undefined): TypeFilter | undefined {
  if (text === undefined) return undefined;
  const kinds = new Set<MediaKind>();
  const extensions = new Set<string>();
  for (const part of text.split(',').map((p) => p.trim().toLowerCase())) {
    if (part === '') continue;
    if (isMediaKind(part)) {
      kinds.add(part);
      continue;
    }
    const ext = part.replace(/^\./, '');
    if (!mediaKindOf(`x.${ext}`)) throw badFlag('type', `'${part}' is neither image, video, audio, text nor a known extension`);
    extensions.add(ext);
  }
  if (kinds.size + extensions.size === 0) throw badFlag('type', 'name at least one kind or extension');
  return {
    text,
    accepts: (file, kind) => kinds.has(kind) || extensions.has(extensionOf(file) ?? ''),
  };
}
