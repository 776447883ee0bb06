import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { CliError } from './cli-error';

/**
 * An append-only file of input ids that have landed, one per line, each followed by a tab and
 * where the input came from (`id\torigin`; a line with only an id is read too). A rerun reads
 * it and skips those ids; `wait --resume` and `add --wait` wait for all of them and name each
 * failure with its origin. A line is only trusted once its newline is written, so a run killed
 * mid-write never marks a half-written id as landed.
 */
export class ResumeLog {
  private readonly landed: Map<string, string>;
  private readonly fd: number;

  constructor(readonly file: string) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    this.landed = parseResumeText(text);
    try {
      this.fd = openSync(file, 'a');
    } catch (err) {
      throw new CliError(`--resume ${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    // A torn last line gets its own line ending, so the next id starts on a fresh line.
    if (text.length > 0 && !text.endsWith('\n')) writeSync(this.fd, '\n');
  }

  /** The ids and origins a resume file lists, without opening it for writing. */
  static read(file: string): Map<string, string> {
    try {
      return parseResumeText(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new CliError(`--resume ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }

  get size(): number {
    return this.landed.size;
  }

  has(id: string): boolean {
    return this.landed.has(id);
  }

  /** Every recorded id with its origin ('' when the line had none). */
  entries(): ReadonlyMap<string, string> {
    return this.landed;
  }

  /** Records ids as landed, with their origins; written and flushed to disk before it returns. */
  record(ids: Iterable<string>, originOf: (id: string) => string = () => ''): void {
    const fresh = [...ids].filter((id) => !this.landed.has(id));
    if (fresh.length === 0) return;
    const origins = fresh.map((id) => originOf(id).replace(/[\t\r\n]/g, ' '));
    writeSync(this.fd, fresh.map((id, i) => (origins[i] ? `${id}\t${origins[i]}\n` : `${id}\n`)).join(''));
    fsyncSync(this.fd);
    fresh.forEach((id, i) => this.landed.set(id, origins[i] ?? ''));
  }

  close(): void {
    closeSync(this.fd);
  }
}

function parseResumeText(text: string): Map<string, string> {
  const end = text.lastIndexOf('\n');
  const landed = new Map<string, string>();
  if (end < 0) return landed;
  for (const line of text.slice(0, end).split('\n')) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    landed.set(tab < 0 ? line : line.slice(0, tab), tab < 0 ? '' : line.slice(tab + 1));
  }
  return landed;
}
