/**
 * How many bytes an input adds to a PostInputs request, known before any file is read: a file is
 * measured with `stat`, bytes by their length, everything else is encoded without the media. The figure is an
 * upper bound, exact within a few bytes, so a batch cut by it never exceeds its byte budget.
 */
import { stat } from 'node:fs/promises';
import { Input } from '../../generated/clarifai/api/resources.pb';
import { ClarifaiValidationError } from '../errors';
import type { MediaSource, NewInput } from '../types';
import { inputLabel } from './validate-input';

/**
 * Adding n media bytes to an encoded input adds n, the bytes field's tag and length (1 + up to 5),
 * and may widen the length prefixes of the enclosing Image/Video/Audio and Data (up to 4 each).
 */
const MEDIA_FRAMING = 16;
/** The input's own tag and length prefix inside PostInputsRequest. */
const INPUT_FRAMING = 6;

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

/** The size of a validated input whose wire form without file content is `shell`. */
export async function measureInput(input: NewInput, shell: Input, index: number): Promise<InputSize> {
  let bytes = Input.encode(shell).finish().length + INPUT_FRAMING;
  let emptyFile: string | undefined;
  const media: Array<[string, MediaSource | undefined]> = [
    ['image', input.image],
    ['video', input.video],
    ['audio', input.audio],
  ];
  for (const [path, source] of media) {
    if (source === undefined || source.url !== undefined) continue;
    const size = source.bytes !== undefined ? source.bytes.byteLength : await fileSize(source.file ?? '', path, index, shell.id);
    if (size === 0) emptyFile ??= `${path}.file`;
    bytes += size + MEDIA_FRAMING;
  }
  return emptyFile === undefined ? { bytes } : { bytes, emptyFile };
}
