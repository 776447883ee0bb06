import type { JsonObject } from '../client/types';
import { CliError } from './cli-error';
import type { SharedAnnotations } from './item-to-input';
import { jsonObjectFlag } from './parse-flags';
import type { SourceSpec } from './source-items';
import type { SkippedEntry } from './sources/source-item';
import type { Spool } from './sources/spool';
import { parseTypeFlag } from './sources/type-filter';

/** The flags that say what `add` and `sync` read, and what they add to every input. */
export const SOURCE_FLAGS = {
  'from-csv': { type: 'string', multiple: true },
  'from-jsonl': { type: 'string', multiple: true },
  type: { type: 'string' },
  'labels-from-folders': { type: 'boolean' },
  'source-name': { type: 'string' },
  concept: { type: 'string', multiple: true },
  metadata: { type: 'string' },
  'dataset-id': { type: 'string', multiple: true },
  'allow-duplicate-url': { type: 'boolean' },
  strict: { type: 'boolean' },
} as const;

export const SOURCE_HELP = `  --from-csv <file|->      rows with columns id, url|file|text, type, concepts, negative_concepts,
                           metadata (JSON), dataset_ids, latitude, longitude; lists are split on
                           ; or | only (a quoted field with commas is one value); - reads stdin
  --from-jsonl <file|->    one JSON object per line, with the same fields, or as export writes them
  --type <kinds|exts>      only these files of a folder: image,video,audio,text or extensions (jpg,png)
  --labels-from-folders    a file's folder name becomes a concept (cats/1.jpg gets cats)
  --source-name <name>     the source's name in each input's metadata (default: the folder's or
                           file's name); sync manages the inputs carrying its source name
  --concept <id>           add this concept (value 1) to every input; repeatable
  --metadata <json>        a JSON object added to every input's metadata
  --dataset-id <id>        add every input to this dataset; repeatable
  --allow-duplicate-url    accept URLs that the app already holds
  --strict                 stop before sending anything if a file is unreadable, empty or over 20 MiB
                           (default: each such file is a failed input and the run goes on)`;

export interface SourceValues {
  'from-csv'?: string[];
  'from-jsonl'?: string[];
  type?: string;
  'labels-from-folders'?: boolean;
  'source-name'?: string;
  concept?: string[];
  metadata?: string;
  'dataset-id'?: string[];
  'allow-duplicate-url'?: boolean;
}

/** The sources named by positionals and flags; stdin and pipes are copied once by `spool`. */
export async function sourceSpecFrom(
  command: string,
  values: SourceValues,
  positionals: string[],
  spool: Spool,
  onSkip: (entry: SkippedEntry) => void,
): Promise<SourceSpec> {
  const csvNames = values['from-csv'] ?? [];
  const jsonlNames = values['from-jsonl'] ?? [];
  if (positionals.length + csvNames.length + jsonlNames.length === 0) {
    throw new CliError(`${command}: name at least one file, folder or URL, or --from-csv / --from-jsonl (see --help)`, 2);
  }
  if (positionals.includes('-')) throw new CliError(`${command}: to read stdin, use --from-jsonl - or --from-csv -`, 2);
  const csv = [];
  for (const name of csvNames) csv.push(await spool.rereadable(name, 'from-csv'));
  const jsonl = [];
  for (const name of jsonlNames) jsonl.push(await spool.rereadable(name, 'from-jsonl'));
  const sourceName = values['source-name'];
  if (sourceName !== undefined && sourceName.trim() === '') throw new CliError('--source-name: must not be empty', 2);
  return {
    paths: positionals,
    csv,
    jsonl,
    folders: {
      onSkip,
      types: parseTypeFlag(values.type),
      labelsFromFolders: values['labels-from-folders'] ?? false,
      ...(sourceName === undefined ? {} : { sourceName }),
    },
  };
}

export function sharedAnnotationsFrom(values: SourceValues): SharedAnnotations {
  return {
    concepts: values.concept ?? [],
    metadata: values.metadata === undefined ? undefined : (jsonObjectFlag('metadata', values.metadata) as JsonObject),
    datasetIds: values['dataset-id'] ?? [],
    allowDuplicateUrl: values['allow-duplicate-url'] ?? false,
  };
}
