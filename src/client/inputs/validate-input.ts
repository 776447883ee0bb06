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

function checkNonEmptyString(value: unknown, path: string, fail: Fail): void {
  if (typeof value !== 'string' || value === '') fail(path, 'must be a non-empty string');
}

function checkStringList(value: unknown, path: string, fail: Fail): void {
  if (!Array.isArray(value)) fail(path, 'must be an array of strings');
  value.forEach((item, i) => checkNonEmptyString(item, `${path}[${i}]`, fail));
}

function checkMedia(value: unknown, path: string, fail: Fail): void {
  if (!isRecord(value)) fail(path, 'must be { url }, { bytes } or { file }');
  const sources = ['url', 'bytes', 'file'].filter((key) => value[key] !== undefined);
  if (sources.length !== 1) fail(path, `must have exactly one of url, bytes, file (got ${sources.join(', ') || 'none'})`);
  for (const key of Object.keys(value)) {
    if (!['url', 'bytes', 'file', 'allowDuplicateUrl'].includes(key)) fail(`${path}.${key}`, 'is not a known field');
  }
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
  const sources = ['raw', 'url'].filter((key) => value[key] !== undefined);
  if (sources.length !== 1) fail(path, `must have exactly one of raw, url (got ${sources.join(', ') || 'none'})`);
  for (const key of Object.keys(value)) {
    if (!['raw', 'url', 'allowDuplicateUrl'].includes(key)) fail(`${path}.${key}`, 'is not a known field');
  }
  if (value.raw !== undefined && typeof value.raw !== 'string') fail(`${path}.raw`, 'must be a string');
  if (value.url !== undefined) checkNonEmptyString(value.url, `${path}.url`, fail);
  if (value.allowDuplicateUrl !== undefined && typeof value.allowDuplicateUrl !== 'boolean') {
    fail(`${path}.allowDuplicateUrl`, 'must be a boolean');
  }
}

function checkConcepts(value: unknown, fail: Fail): void {
  if (!Array.isArray(value)) fail('concepts', 'must be an array');
  value.forEach((concept: unknown, i) => {
    const path = `concepts[${i}]`;
    if (typeof concept === 'string') return checkNonEmptyString(concept, path, fail);
    if (!isRecord(concept)) fail(path, 'must be a string or { id, value?, name? }');
    checkNonEmptyString(concept.id, `${path}.id`, fail);
    if (concept.value !== undefined && (typeof concept.value !== 'number' || !(concept.value >= 0 && concept.value <= 1))) {
      fail(`${path}.value`, 'must be a number from 0 to 1');
    }
    if (concept.name !== undefined && typeof concept.name !== 'string') fail(`${path}.name`, 'must be a string');
  });
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
  for (const key of Object.keys(input)) if (!NEW_INPUT_KEYS.has(key)) fail(key, 'is not a known field');
  if (input.id !== undefined) checkNonEmptyString(input.id, 'id', fail);
  const content = CONTENT_KEYS.filter((key) => input[key] !== undefined);
  if (content.length !== 1) fail('content', `must be exactly one of image, video, audio, text (got ${content.join(', ') || 'none'})`);
  for (const key of content) {
    if (key === 'text') checkText(input.text, 'text', fail);
    else checkMedia(input[key], key, fail);
  }
  checkAnnotations(input, fail);
}

/** Throws a `ClarifaiValidationError` unless `patch` is a valid `InputPatch`. */
export function validatePatch(patch: unknown, index: number): void {
  const fail: Fail = failer(index, idOf(patch));
  if (!isRecord(patch)) fail('input', 'must be an object');
  for (const key of Object.keys(patch)) if (!PATCH_KEYS.has(key)) fail(key, 'is not a known field (patchInputs changes annotations only)');
  checkNonEmptyString(patch.id, 'id', fail);
  checkAnnotations(patch, fail);
}
