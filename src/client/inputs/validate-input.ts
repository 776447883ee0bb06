/**
 * Local checks of the friendly input shape, before anything is sent. Each problem is a
 * `ClarifaiValidationError` naming the input (index and id) and the field.
 */
import { ClarifaiValidationError } from '../errors';
import { findMetadataProblem } from './json-metadata';

const NEW_INPUT_KEYS = new Set(['id', 'image', 'video', 'audio', 'text', 'concepts', 'negativeConcepts', 'metadata', 'datasetIds', 'geo']);
const PATCH_KEYS = new Set(['id', 'concepts', 'negativeConcepts', 'metadata', 'datasetIds', 'geo']);
const CONTENT_KEYS = ['image', 'video', 'audio', 'text'] as const;

/** Names an input in messages: `input #3 (id "cat1")`. */
export function inputLabel(index: number, id: string | undefined): string {
  return id === undefined ? `input #${index}` : `input #${index} (id ${JSON.stringify(id)})`;
}

type Fail = (path: string, problem: string) => never;

function failer(index: number, id: string | undefined): Fail {
  return (path, problem) => {
    throw new ClarifaiValidationError(`${inputLabel(index, id)}: ${path} ${problem}`, { index, inputId: id, path });
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Paths in loops are written out only for a failure, not for every item that passes.

const isNonEmptyString = (value: unknown): boolean => typeof value === 'string' && value !== '';

function checkNonEmptyString(value: unknown, path: string, fail: Fail): void {
  if (!isNonEmptyString(value)) fail(path, 'must be a non-empty string');
}

function checkStringList(value: unknown, path: string, fail: Fail): void {
  if (!Array.isArray(value)) fail(path, 'must be an array of strings');
  for (let i = 0; i < value.length; i++) if (!isNonEmptyString(value[i])) fail(`${path}[${i}]`, 'must be a non-empty string');
}

/** The keys of `keys` that `value` has (not undefined), in that order. */
function present(value: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((key) => value[key] !== undefined);
}

/** How many of `keys` `value` has: `present` without an array, for the check that passes. */
function countPresent(value: Record<string, unknown>, keys: readonly string[]): number {
  let n = 0;
  for (const key of keys) if (value[key] !== undefined) n++;
  return n;
}

/** The first own key of `value` that is not in `known`. */
function unknownKey(value: Record<string, unknown>, known: ReadonlySet<string>): string | undefined {
  for (const key in value) if (Object.hasOwn(value, key) && !known.has(key)) return key;
  return undefined;
}

const MEDIA_SOURCES = ['url', 'bytes', 'file'];
const MEDIA_KEYS = new Set([...MEDIA_SOURCES, 'allowDuplicateUrl']);
const TEXT_SOURCES = ['raw', 'url'];
const TEXT_KEYS = new Set([...TEXT_SOURCES, 'allowDuplicateUrl']);

function checkMedia(value: unknown, path: string, fail: Fail): void {
  if (!isRecord(value)) fail(path, 'must be { url }, { bytes } or { file }');
  if (countPresent(value, MEDIA_SOURCES) !== 1) fail(path, `must have exactly one of url, bytes, file (got ${present(value, MEDIA_SOURCES).join(', ') || 'none'})`);
  const unknown = unknownKey(value, MEDIA_KEYS);
  if (unknown !== undefined) fail(`${path}.${unknown}`, 'is not a known field');
  if (value.url !== undefined) checkNonEmptyString(value.url, `${path}.url`, fail);
  if (value.file !== undefined) checkNonEmptyString(value.file, `${path}.file`, fail);
  if (value.bytes !== undefined && !(value.bytes instanceof Uint8Array)) fail(`${path}.bytes`, 'must be a Uint8Array or Buffer');
  if (value.bytes instanceof Uint8Array && value.bytes.byteLength === 0) fail(`${path}.bytes`, 'is empty');
  if (value.allowDuplicateUrl !== undefined && typeof value.allowDuplicateUrl !== 'boolean') {
    fail(`${path}.allowDuplicateUrl`, 'must be a boolean');
  }
  if (value.allowDuplicateUrl !== undefined && value.url === undefined) fail(`${path}.allowDuplicateUrl`, 'applies to url only');
}

function checkText(value: unknown, path: string, fail: Fail): void {
  if (!isRecord(value)) fail(path, 'must be { raw } or { url }');
  if (countPresent(value, TEXT_SOURCES) !== 1) fail(path, `must have exactly one of raw, url (got ${present(value, TEXT_SOURCES).join(', ') || 'none'})`);
  const unknown = unknownKey(value, TEXT_KEYS);
  if (unknown !== undefined) fail(`${path}.${unknown}`, 'is not a known field');
  if (value.raw !== undefined && typeof value.raw !== 'string') fail(`${path}.raw`, 'must be a string');
  if (value.url !== undefined) checkNonEmptyString(value.url, `${path}.url`, fail);
  if (value.allowDuplicateUrl !== undefined && typeof value.allowDuplicateUrl !== 'boolean') {
    fail(`${path}.allowDuplicateUrl`, 'must be a boolean');
  }
}

function checkConcepts(value: unknown, fail: Fail): void {
  if (!Array.isArray(value)) fail('concepts', 'must be an array');
  for (let i = 0; i < value.length; i++) {
    const concept: unknown = value[i];
    if (typeof concept === 'string') {
      if (concept === '') fail(`concepts[${i}]`, 'must be a non-empty string');
      continue;
    }
    if (!isRecord(concept)) fail(`concepts[${i}]`, 'must be a string or { id, value?, name? }');
    if (!isNonEmptyString(concept.id)) fail(`concepts[${i}].id`, 'must be a non-empty string');
    if (concept.value !== undefined && (typeof concept.value !== 'number' || !(concept.value >= 0 && concept.value <= 1))) {
      fail(`concepts[${i}].value`, 'must be a number from 0 to 1');
    }
    if (concept.name !== undefined && typeof concept.name !== 'string') fail(`concepts[${i}].name`, 'must be a string');
  }
}

function checkGeo(value: unknown, fail: Fail): void {
  if (!isRecord(value)) fail('geo', 'must be { latitude, longitude }');
  const { latitude, longitude } = value;
  if (typeof latitude !== 'number' || !(latitude >= -90 && latitude <= 90)) fail('geo.latitude', 'must be a number from -90 to 90');
  if (typeof longitude !== 'number' || !(longitude >= -180 && longitude <= 180)) {
    fail('geo.longitude', 'must be a number from -180 to 180');
  }
}

function checkAnnotations(input: Record<string, unknown>, fail: Fail): void {
  if (input.concepts !== undefined) checkConcepts(input.concepts, fail);
  if (input.negativeConcepts !== undefined) checkStringList(input.negativeConcepts, 'negativeConcepts', fail);
  if (input.datasetIds !== undefined) checkStringList(input.datasetIds, 'datasetIds', fail);
  if (input.geo !== undefined) checkGeo(input.geo, fail);
  if (input.metadata !== undefined) {
    const problem = findMetadataProblem(input.metadata);
    if (problem !== undefined) fail(problem.path, `${problem.problem}; metadata must be plain JSON`);
  }
}

function idOf(input: unknown): string | undefined {
  return isRecord(input) && typeof input.id === 'string' ? input.id : undefined;
}

/** Throws a `ClarifaiValidationError` unless `input` is a valid `NewInput`. */
export function validateNewInput(input: unknown, index: number): void {
  const fail: Fail = failer(index, idOf(input));
  if (!isRecord(input)) fail('input', 'must be an object');
  const unknown = unknownKey(input, NEW_INPUT_KEYS);
  if (unknown !== undefined) fail(unknown, 'is not a known field');
  if (input.id !== undefined) checkNonEmptyString(input.id, 'id', fail);
  if (countPresent(input, CONTENT_KEYS) !== 1) {
    fail('content', `must be exactly one of image, video, audio, text (got ${present(input, CONTENT_KEYS).join(', ') || 'none'})`);
  }
  for (const key of CONTENT_KEYS) {
    if (input[key] === undefined) continue;
    if (key === 'text') checkText(input.text, 'text', fail);
    else checkMedia(input[key], key, fail);
  }
  checkAnnotations(input, fail);
}

/** Throws a `ClarifaiValidationError` unless `patch` is a valid `InputPatch`. */
export function validatePatch(patch: unknown, index: number): void {
  const fail: Fail = failer(index, idOf(patch));
  if (!isRecord(patch)) fail('input', 'must be an object');
  const unknown = unknownKey(patch, PATCH_KEYS);
  if (unknown !== undefined) fail(unknown, 'is not a known field (patchInputs changes annotations only)');
  checkNonEmptyString(patch.id, 'id', fail);
  checkAnnotations(patch, fail);
}
