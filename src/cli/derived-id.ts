import { createHash } from 'node:crypto';
import type { SourceItem } from './sources/source-item';

/**
 * A stable id for an item that has none: the same file path, URL or CSV/JSONL line always gets
 * the same id, so a rerun (with or without --resume) can never add the same item twice.
 */
export function derivedId(item: SourceItem): string {
  const where = item.file ?? item.url ?? item.origin;
  return createHash('sha256').update(`${item.kind}\0${where}`).digest('hex').slice(0, 32);
}
