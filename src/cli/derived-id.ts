import { createHash } from 'node:crypto';
import type { SourceItem } from './sources/source-item';

/**
 * A stable id for an item that has none: a hash of its kind and its key (a file's path
 * relative to the folder given, or to its CSV/JSONL file), else its URL, else the text itself.
 * The same entry always gets the same id, however the source is reordered, wherever the
 * command runs from and wherever the folder is moved, so a rerun (with or without --resume)
 * can never add it twice. Whether a file's content changed is told by the content hash in
 * the input's metadata (see marker.ts), not by the id.
 */
export function derivedId(item: SourceItem): string {
  const identity = item.key !== undefined ? `file:${item.key}` : (item.url ?? `text:${item.raw ?? ''}`);
  return createHash('sha256').update(`${item.kind}\0${identity}`).digest('hex').slice(0, 32);
}
