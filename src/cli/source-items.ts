import { access } from 'node:fs/promises';
import { CliError } from './cli-error';
import { folderSource } from './sources/folder-source';
import { mediaKindOf } from './sources/media-kind';
import type { SourceItem } from './sources/source-item';
import { csvSource, jsonlSource } from './sources/table-sources';

/** Where `add` reads its inputs from. */
export interface SourceSpec {
  paths: string[];
  csv: string[];
  jsonl: string[];
}

/**
 * Every item of every source, in a fixed order: positional paths and URLs, then CSV, then
 * JSONL files. Files named by CSV/JSONL rows are checked to be readable, naming the row.
 */
export async function* sourceItems(spec: SourceSpec, onSkip: (file: string) => void): AsyncGenerator<SourceItem> {
  for (const entry of spec.paths) {
    if (/^https?:\/\//i.test(entry)) {
      yield { origin: entry, kind: mediaKindOf(entry) ?? 'image', url: entry };
    } else {
      yield* folderSource(entry, onSkip);
    }
  }
  for (const file of spec.csv) yield* checked(csvSource(file));
  for (const file of spec.jsonl) yield* checked(jsonlSource(file));
}

async function* checked(items: AsyncGenerator<SourceItem>): AsyncGenerator<SourceItem> {
  for await (const item of items) {
    if (item.file) {
      try {
        await access(item.file);
      } catch (err) {
        throw new CliError(`${item.origin}: file ${item.file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
    }
    yield item;
  }
}
