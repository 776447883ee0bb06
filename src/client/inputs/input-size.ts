/**
 * How many bytes an input adds to a PostInputs request, known before any file is read: a file is
 * measured with `stat`, bytes by their length, everything else is encoded without the media (once: the encoding is kept for sending). The
 * figure is exact (for a file, at its size when measured), so a batch cut by it never exceeds its
 * byte budget.
 */
import { stat } from 'node:fs/promises';
import type { Input } from '../../generated/clarifai/api/resources.pb';
import { ClarifaiValidationError } from '../errors';
import type { MediaSource, NewInput } from '../types';
import { measuredParts, type MediaKey } from './encode-post-inputs';
import { inputLabel } from './validate-input';

const MEDIA_KEYS: readonly MediaKey[] = ['image', 'video', 'audio'];

export interface InputSize {
  /** Encoded bytes, files included. */
  bytes: number;
  /** A `{ file }` that is empty, by its path (e.g. `image.file`): such an input is not sent. */
  emptyFile?: string;
}

async function fileSize(file: string, path: string, index: number, id: string): Promise<number> {
  const fail = (reason: string, cause?: unknown): never => {
    throw new ClarifaiValidationError(`${inputLabel(index, id)}: ${path}.file ${JSON.stringify(file)} cannot be read (${reason})`, {
      index,
      inputId: id,
      path: `${path}.file`,
      cause,
    });
  };
  try {
    const stats = await stat(file);
    return stats.isFile() ? stats.size : fail('not a regular file');
  } catch (error) {
    if (error instanceof ClarifaiValidationError) throw error;
    return fail((error as NodeJS.ErrnoException).code ?? (error as Error).message, error);
  }
}

/**
 * The size of a validated input whose wire form without media content is `shell`: exact, for the
 * files' sizes at `stat`. Its encoding apart from the media bytes is kept for sending it.
 */
export async function measureInput(input: NewInput, shell: Input, index: number): Promise<InputSize> {
  const sizes: Partial<Record<MediaKey, number>> = {};
  let emptyFile: string | undefined;
  for (const key of MEDIA_KEYS) {
    const source: MediaSource | undefined = input[key];
    if (source === undefined || source.url !== undefined) continue;
    const size = source.bytes !== undefined ? source.bytes.byteLength : await fileSize(source.file ?? '', key, index, shell.id);
    if (size === 0) emptyFile ??= `${key}.file`;
    sizes[key] = size;
  }
  const bytes = measuredParts(shell, sizes);
  return emptyFile === undefined ? { bytes } : { bytes, emptyFile };
}
