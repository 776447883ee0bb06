import { createWriteStream, type WriteStream } from 'node:fs';

/** One input that did not land, as the failures report lists it. */
export interface FailureRow {
  id: string;
  origin: string;
  code: number;
  codeName: string;
  description: string;
  details: string;
}

const COLUMNS: (keyof FailureRow)[] = ['id', 'origin', 'code', 'codeName', 'description', 'details'];

/** Writes failed inputs to a .csv or .jsonl file (JSONL unless the name ends in .csv). */
export class FailureReport {
  private readonly stream: WriteStream;
  private readonly csv: boolean;
  count = 0;

  constructor(readonly file: string) {
    this.csv = file.toLowerCase().endsWith('.csv');
    this.stream = createWriteStream(file);
    if (this.csv) this.stream.write(`${COLUMNS.join(',')}\n`);
  }

  add(row: FailureRow): void {
    this.count += 1;
    this.stream.write(this.csv ? `${COLUMNS.map((c) => csvField(String(row[c]))).join(',')}\n` : `${JSON.stringify(row)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
