/** A temporary folder for emulator databases, removed when the benchmark ends. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export class ScratchDir {
  readonly path = mkdtempSync(path.join(tmpdir(), 'clarifai-inputs-bench-'));
  private next = 0;

  /** A fresh database file name in the folder. */
  dbFile(label: string): string {
    return path.join(this.path, `${label}-${this.next++}.db`);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
