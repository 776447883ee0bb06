import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** One CSV record and the line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Reads a CSV file record by record (RFC 4180: commas, double quotes, "" inside quotes, line
 * breaks inside quoted fields), holding one record in memory at a time.
 */
export async function* csvRecords(file: string): AsyncGenerator<CsvRecord> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let pending: { line: number; text: string } | undefined;
  for await (const line of lines) {
    lineNo += 1;
    const text = pending ? `${pending.text}\n${line}` : line;
    const start = pending?.line ?? lineNo;
    const parsed = splitRecord(text);
    if (parsed === undefined) {
      pending = { line: start, text };
      continue;
    }
    pending = undefined;
    if (text.trim() === '') continue;
    yield { line: start, fields: parsed };
  }
  if (pending) throw new Error(`line ${pending.line}: unterminated quoted field`);
}

/** Splits one record, or returns undefined when a quoted field is still open at the end. */
export function splitRecord(text: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      // `a, "b,c"`: spaces before an opening quote are not part of the value.
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}
