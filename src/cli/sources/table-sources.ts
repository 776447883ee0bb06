import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CliError } from '../cli-error';
import { csvRecords } from './csv-records';
import { FIELDS_HELP, recordToItem, unknownField } from './record-to-item';
import type { SourceItem } from './source-item';

/** Items from a CSV file with a header row (id, url, file, text, type, concepts, metadata, ...). */
export async function* csvSource(file: string): AsyncGenerator<SourceItem> {
  await readable(file);
  let header: string[] | undefined;
  try {
    for await (const { line, fields } of csvRecords(file)) {
      if (!header) {
        header = fields.map((h) => h.trim());
        const unknown = unknownField(header);
        if (unknown !== undefined) throw new CliError(`${file}:${line}: unknown column '${unknown}' (known: ${FIELDS_HELP})`);
        continue;
      }
      if (fields.length !== header.length) {
        throw new CliError(`${file}:${line}: expected ${header.length} columns, found ${fields.length}`);
      }
      const record = Object.fromEntries(header.map((h, i) => [h, fields[i]]));
      yield withLine(file, line, () => recordToItem(record, `${file}:${line}`, path.dirname(file)));
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${file}: ${(err as Error).message}`);
  }
}

/** Items from a JSON Lines file: one object per line; blank lines are skipped. */
export async function* jsonlSource(file: string): AsyncGenerator<SourceItem> {
  await readable(file);
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
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
      return recordToItem(record as Record<string, unknown>, `${file}:${line}`, path.dirname(file));
    });
  }
}

function withLine(file: string, line: number, make: () => SourceItem): SourceItem {
  try {
    return make();
  } catch (err) {
    throw new CliError(`${file}:${line}: ${(err as Error).message}`);
  }
}

async function readable(file: string): Promise<void> {
  try {
    await access(file);
  } catch (err) {
    throw new CliError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
