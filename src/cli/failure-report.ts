import { createWriteStream, type WriteStream } from 'node:fs';
import type { ItemFailure } from '../client/types';

/**
 * One input that did not land, as the failures report lists it. The keys are the report's
 * format (documented in docs/cli.md): `code` / `codeName` are the Clarifai status and its name.
 */
export interface FailureRow {
  id: string;
  origin: string;
  code: number;
  codeName: string;
  description: string;
  details: string;
}

/** The row of a failure the client reported; `details` replaces the service's when given. */
export function failureRow(failure: ItemFailure, origin: string, details = failure.details): FailureRow {
  return { id: failure.id, origin, code: failure.statusCode, codeName: failure.statusCodeName, description: failure.description, details };
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
