import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * The largest content one input may carry: the API's documented per-input limit (about 20 MB),
 * which the emulator enforces as 20 MiB. A bigger file is refused by the service anyway, after
 * the whole batch has been sent, so the CLI refuses it up front.
 */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

/** Why a file cannot be sent as an input, or undefined when it can. */
export type FileProblem = string | undefined;

function problemOfSize(size: number): FileProblem {
  if (size === 0) return 'empty file';
  if (size > MAX_INPUT_BYTES) return `${size} bytes, over the ${MAX_INPUT_BYTES / 1024 / 1024} MiB limit per input`;
  return undefined;
}

function openError(err: unknown): string {
  return `cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
}

/**
 * Checks that `file` can be sent: opened for reading (not just present, as access() would
 * say, and as root every file is), a regular file, not empty, within MAX_INPUT_BYTES.
 */
export async function checkFile(file: string): Promise<FileProblem> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    return openError(err);
  }
  try {
    const info = await handle.stat();
    return info.isFile() ? problemOfSize(info.size) : 'not a regular file';
  } finally {
    await handle.close();
  }
}

/** A file's bytes and their SHA-256 (hex), or why it cannot be sent. */
export type FileContent = { bytes: Buffer; sha256: string } | { problem: string };

/** Reads a file checked as `checkFile` does, in one open. */
export async function readFileContent(file: string): Promise<FileContent> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    return { problem: openError(err) };
  }
  try {
    const info = await handle.stat();
    const problem = info.isFile() ? problemOfSize(info.size) : 'not a regular file';
    if (problem) return { problem };
    const bytes = await handle.readFile();
    // The file may have grown between stat and read.
    const grown = problemOfSize(bytes.length);
    if (grown) return { problem: grown };
    return { bytes, sha256: sha256Hex(bytes) };
  } catch (err) {
    return { problem: openError(err) };
  } finally {
    await handle.close();
  }
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
