import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CliError } from '../cli-error';

/** Names that mean this process's standard input. */
const STDIN_NAMES = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/**
 * Makes every CSV/JSONL source readable twice (the CLI reads a source once to check and count
 * it, then again to send it). A regular file already is. Standard input (`-`), a pipe or any
 * other stream is read exactly once, into a temporary file that is removed by `cleanup()`;
 * reading such a source twice would find it empty the second time and send nothing.
 */
export class Spool {
  private dir: string | undefined;
  private stdinUsedBy: string | undefined;
  private count = 0;

  /** Where to read `name` from any number of times. `flag` names the flag it came with. */
  async rereadable(name: string, flag: string): Promise<TableFile> {
    const label = name === '-' ? 'stdin' : name;
    const stream = (read: string): TableFile => ({ read, label, baseDir: process.cwd() });
    if (STDIN_NAMES.has(name)) {
      if (this.stdinUsedBy !== undefined) {
        throw new CliError(`--${flag} ${name}: standard input is already read for ${this.stdinUsedBy}; it can be read only once`, 2);
      }
      this.stdinUsedBy = `--${flag} ${name}`;
      return stream(await this.copy(process.stdin, name));
    }
    const file: TableFile = { read: name, label, baseDir: path.dirname(name) };
    let info;
    try {
      info = await stat(name);
    } catch {
      return file; // the source reports why it cannot be read
    }
    return info.isFile() ? file : stream(await this.copy(createReadStream(name), name));
  }

  private async copy(stream: Readable, name: string): Promise<string> {
    this.dir ??= mkdtempSync(path.join(tmpdir(), 'clarifai-inputs-'));
    this.count += 1;
    const copy = path.join(this.dir, `source-${this.count}`);
    try {
      await pipeline(stream, createWriteStream(copy));
    } catch (err) {
      throw new CliError(`${name}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    return copy;
  }

  cleanup(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

/**
 * A CSV or JSONL source: the file to read, the name to show in origins ("stdin" for `-`), and
 * the folder that relative file paths in its rows start from (its own folder; for a stream, the
 * working folder).
 */
export interface TableFile {
  read: string;
  label: string;
  baseDir: string;
}
