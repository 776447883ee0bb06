import { folderSource, type FolderOptions } from './sources/folder-source';
import { mediaKindOf } from './sources/media-kind';
import type { SourceItem } from './sources/source-item';
import type { TableFile } from './sources/spool';
import { csvSource, jsonlSource } from './sources/table-sources';

/** Where `add` and `sync` read their inputs from. CSV/JSONL files are already rereadable. */
export interface SourceSpec {
  paths: string[];
  csv: TableFile[];
  jsonl: TableFile[];
  folders: FolderOptions;
}

/**
 * Every item of every source, in a fixed order: positional paths and URLs, then CSV, then
 * JSONL files. Whether a named file can be read is checked by whoever reads it.
 */
export async function* sourceItems(spec: SourceSpec): AsyncGenerator<SourceItem> {
  for (const entry of spec.paths) {
    if (/^https?:\/\//i.test(entry)) {
      yield { origin: entry, source: spec.folders.sourceName ?? 'urls', kind: mediaKindOf(entry) ?? 'image', url: entry };
    } else {
      yield* folderSource(entry, spec.folders);
    }
  }
  for (const file of spec.csv) yield* csvSource(file, spec.folders.sourceName);
  for (const file of spec.jsonl) yield* jsonlSource(file, spec.folders.sourceName);
}
