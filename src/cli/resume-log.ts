import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { CliError } from './cli-error';

/**
 * An append-only file of input ids that have landed, one per line. A rerun reads it and skips
 * those ids. A line is only trusted once its newline is written, so a run killed mid-write
 * never marks a half-written id as landed.
 */
export class ResumeLog {
  private readonly landed: Set<string>;
  private readonly fd: number;

  constructor(readonly file: string) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const end = text.lastIndexOf('\n');
    this.landed = new Set(end < 0 ? [] : text.slice(0, end).split('\n').filter((line) => line !== ''));
    try {
      this.fd = openSync(file, 'a');
    } catch (err) {
      throw new CliError(`--resume ${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    // A torn last line gets its own line ending, so the next id starts on a fresh line.
    if (text.length > 0 && !text.endsWith('\n')) writeSync(this.fd, '\n');
  }

  get size(): number {
    return this.landed.size;
  }

  has(id: string): boolean {
    return this.landed.has(id);
  }

  /** Records ids as landed; written and flushed to disk before it returns. */
  record(ids: Iterable<string>): void {
    const fresh = [...ids].filter((id) => !this.landed.has(id));
    if (fresh.length === 0) return;
    writeSync(this.fd, fresh.map((id) => `${id}\n`).join(''));
    fsyncSync(this.fd);
    for (const id of fresh) this.landed.add(id);
  }

  close(): void {
    closeSync(this.fd);
  }
}
