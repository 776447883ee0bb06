/**
 * Friendly input → wire `Input`. String concepts become value 1, `negativeConcepts` value 0,
 * `{ file }` is read from disk here (so only the batch being sent is ever in memory).
 * Inputs are validated before they get here.
 */
import { readFile } from 'node:fs/promises';
import type { Concept, Data, Input } from '../../generated/clarifai/api/resources.pb';
import { ClarifaiValidationError } from '../errors';
import type { ConceptInput, InputPatch, MediaSource, NewInput } from '../types';
import { inputLabel } from './validate-input';

const MEDIA_KEYS = ['image', 'video', 'audio'] as const;

interface Media {
  url: string;
  base64: Uint8Array;
  allowDuplicateUrl: boolean;
  hosted: undefined;
}

const NO_BYTES = new Uint8Array(0);

/** The media message without its content: a URL is there, bytes (in memory or in a file) are not. */
function mediaShell(source: MediaSource): Media {
  if (source.url !== undefined) return { url: source.url, base64: NO_BYTES, allowDuplicateUrl: source.allowDuplicateUrl ?? false, hosted: undefined };
  return { url: '', base64: NO_BYTES, allowDuplicateUrl: false, hosted: undefined };
}

async function readMediaFile(file: string, path: string, index: number, id: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ClarifaiValidationError(`${inputLabel(index, id)}: ${path}.file ${JSON.stringify(file)} cannot be read (${reason})`, {
      index,
      inputId: id,
      path: `${path}.file`,
      cause: error,
    });
  }
}

function toConcepts(concepts: readonly ConceptInput[] = [], negative: readonly string[] = []): Concept[] {
  const out: Concept[] = concepts.map((concept) =>
    typeof concept === 'string'
      ? { id: concept, name: '', value: 1, createdAt: undefined, appId: '' }
      : { id: concept.id, name: concept.name ?? '', value: concept.value ?? 1, createdAt: undefined, appId: '' },
  );
  for (const id of negative) out.push({ id, name: '', value: 0, createdAt: undefined, appId: '' });
  return out;
}

function annotations(input: NewInput | InputPatch): Data {
  return {
    image: undefined,
    video: undefined,
    text: undefined,
    audio: undefined,
    concepts: toConcepts(input.concepts, input.negativeConcepts),
    metadata: input.metadata,
    geo: input.geo === undefined ? undefined : { geoPoint: { latitude: input.geo.latitude, longitude: input.geo.longitude } },
  };
}

function wireInput(id: string, data: Data, datasetIds: readonly string[] | undefined): Input {
  return { id, data, createdAt: undefined, modifiedAt: undefined, status: undefined, datasetIds: [...(datasetIds ?? [])] };
}

/**
 * The wire input for a validated `NewInput` with its final id, without media content: `{ bytes }`
 * and `{ file }` media have empty bytes here (`toProtoInput` fills them in). Used to measure an
 * input cheaply, before any file is read.
 */
export function toProtoShell(input: NewInput, id: string): Input {
  const data = annotations(input);
  if (input.image !== undefined) data.image = { ...mediaShell(input.image), imageInfo: undefined };
  if (input.video !== undefined) data.video = mediaShell(input.video);
  if (input.audio !== undefined) data.audio = mediaShell(input.audio);
  if (input.text !== undefined) {
    data.text =
      input.text.raw !== undefined
        ? { raw: input.text.raw, url: '', allowDuplicateUrl: false, hosted: undefined }
        : { raw: '', url: input.text.url, allowDuplicateUrl: input.text.allowDuplicateUrl ?? false, hosted: undefined };
  }
  return wireInput(id, data, input.datasetIds);
}

/**
 * The wire input for a validated `NewInput` with its final id. Reads `{ file }` content, the only
 * wait: an input without a file is made at once, with no promise (a promise per input was a
 * tenth of the client's allocations for small inputs).
 */
export function toProtoInput(input: NewInput, id: string, index: number, shell = toProtoShell(input, id)): Input | Promise<Input> {
  const data = shell.data!;
  let reads: Promise<void>[] | undefined;
  for (const key of MEDIA_KEYS) {
    const source = input[key];
    const media = data[key];
    if (source === undefined || source.url !== undefined || media === undefined) continue;
    // The shell's own object, made for this call.
    if (source.bytes !== undefined) media.base64 = source.bytes;
    else (reads ??= []).push(readMediaFile(source.file, key, index, id).then((bytes) => void (media.base64 = bytes)));
  }
  return reads === undefined ? shell : Promise.all(reads).then(() => shell);
}

/** The wire input for a validated `InputPatch`. */
export function toProtoPatch(patch: InputPatch): Input {
  return wireInput(patch.id, annotations(patch), patch.datasetIds);
}
