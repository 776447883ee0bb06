import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CliError } from '../cli-error';
import { csvRecords } from './csv-records';
import { exportedContentHash, exportedToRecord, isExportedInput } from './exported-input';
import { FIELDS_HELP, recordToItem, unknownField } from './record-to-item';
import type { SourceItem } from './source-item';
import type { TableFile } from './spool';

/** A plain path as a TableFile: shown as given, relative paths from its folder. */
export function tableFile(file: string): TableFile {
  return { read: file, label: file, baseDir: path.dirname(file) };
}

/** The name a table source has in the management marker: its file name, or "stdin". */
function sourceNameOf(file: TableFile, sourceName: string | undefined): string {
  return sourceName ?? path.basename(file.label);
}

/** Items from a CSV file with a header row (id, url, file, text, type, concepts, metadata, ...). */
export async function* csvSource(input: TableFile | string, sourceName?: string): AsyncGenerator<SourceItem> {
  const file = typeof input === 'string' ? tableFile(input) : input;
  await readable(file);
  const source = sourceNameOf(file, sourceName);
  let header: string[] | undefined;
  try {
    for await (const { line, fields } of csvRecords(file.read)) {
      if (!header) {
        header = fields.map((h) => h.trim());
        const unknown = unknownField(header);
        if (unknown !== undefined) throw new CliError(`${file.label}:${line}: unknown column '${unknown}' (known: ${FIELDS_HELP})`);
        continue;
      }
      if (fields.length !== header.length) {
        throw new CliError(`${file.label}:${line}: expected ${header.length} columns, found ${fields.length}`);
      }
      const record = Object.fromEntries(header.map((h, i) => [h, fields[i]]));
      yield withLine(file, line, () => recordToItem(record, `${file.label}:${line}`, file.baseDir, source));
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${file.label}: ${(err as Error).message}`);
  }
}

/**
 * Items from a JSON Lines file: one object per line; blank lines are skipped. The fields are
 * those of CSV, or an input as `export` writes it (`data.image.url`, `data.concepts`, ...).
 */
export async function* jsonlSource(input: TableFile | string, sourceName?: string): AsyncGenerator<SourceItem> {
  const file = typeof input === 'string' ? tableFile(input) : input;
  await readable(file);
  const source = sourceNameOf(file, sourceName);
  const lines = createInterface({ input: createReadStream(file.read, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    yield withLine(file, line, () => {
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (err) {
        throw new Error(`not valid JSON (${(err as Error).message})`);
      }
      if (!record || typeof record !== 'object' || Array.isArray(record)) throw new Error('expected a JSON object');
      const fields = record as Record<string, unknown>;
      if (!isExportedInput(fields)) return recordToItem(fields, `${file.label}:${line}`, file.baseDir, source);
      const item = recordToItem(exportedToRecord(fields), `${file.label}:${line}`, file.baseDir, source);
      const sha256 = exportedContentHash(fields);
      if (sha256 !== undefined) item.contentSha256 = sha256;
      return item;
    });
  }
}

function withLine(file: TableFile, line: number, make: () => SourceItem): SourceItem {
  try {
    return make();
  } catch (err) {
    throw new CliError(`${file.label}:${line}: ${(err as Error).message}`);
  }
}

/** Opens the file (access() would say yes to root for any file, and tells nothing of reading). */
async function readable(file: TableFile): Promise<void> {
  try {
    await (await open(file.read, 'r')).close();
  } catch (err) {
    throw new CliError(`${file.label}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
