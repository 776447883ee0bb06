import { createHash } from 'node:crypto';
import type { SourceItem } from './sources/source-item';

/**
 * A stable id for an item that has none, derived from its content's identity: the absolute file
 * path, the URL, or the text itself. The same content always gets the same id, however the
 * source file is reordered or wherever the command runs from, so a rerun (with or without
 * --resume) can never add it twice. Rows with identical content are one input.
 */
export function derivedId(item: SourceItem): string {
  const identity = item.file ?? item.url ?? `text:${item.raw ?? ''}`;
  return createHash('sha256').update(`${item.kind}\0${identity}`).digest('hex').slice(0, 32);
}
