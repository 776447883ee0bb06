import path from 'node:path';
import { isMediaKind, mediaKindOf, type MediaKind } from './media-kind';
import type { SourceItem } from './source-item';

/** Every field name a row may use; anything else is a typo worth stopping for. */
const KNOWN_FIELDS = new Set([
  'id', 'input_id', 'url', 'file', 'path', 'text', 'raw', 'type', 'kind', 'concepts', 'concept',
  'negativeConcepts', 'negative_concepts', 'metadata', 'datasetIds', 'dataset_ids', 'geo',
  'latitude', 'lat', 'longitude', 'lon', 'lng',
]);

/** The first field name that is not one we read, or undefined. */
export function unknownField(names: Iterable<string>): string | undefined {
  for (const name of names) if (!KNOWN_FIELDS.has(name)) return name;
  return undefined;
}

export const FIELDS_HELP = 'id, url, file, text, type, concepts, negative_concepts, metadata, dataset_ids, latitude, longitude, geo';

/**
 * Turns one CSV row or JSONL object into a SourceItem. Field names may be camelCase or
 * snake_case. Relative file paths are taken from `baseDir` (the CSV or JSONL file's folder),
 * and the path relative to it is the item's key. `source` names the CSV/JSONL source.
 * Throws an Error naming the field; the caller adds the file and line.
 */
export function recordToItem(record: Record<string, unknown>, origin: string, baseDir: string, source: string): SourceItem {
  const unknown = unknownField(Object.keys(record));
  if (unknown !== undefined) throw new Error(`unknown field '${unknown}' (known: ${FIELDS_HELP})`);
  const get = (...names: string[]) => {
    for (const name of names) if (record[name] !== undefined && record[name] !== '') return record[name];
    return undefined;
  };
  const id = optionalString(get('id', 'input_id'), 'id');
  const url = optionalString(get('url'), 'url');
  const fileText = optionalString(get('file', 'path'), 'file');
  const raw = optionalString(get('text', 'raw'), 'text');
  const given = [url && 'url', fileText && 'file', raw && 'text'].filter(Boolean);
  if (given.length !== 1) {
    throw new Error(given.length === 0 ? 'needs one of url, file or text' : `has ${given.join(' and ')}: give only one`);
  }
  const file = fileText === undefined ? undefined : path.resolve(baseDir, fileText);
  const item: SourceItem = { origin, source, kind: kindOf(get('type', 'kind'), url ?? fileText, raw), url, file, raw };
  if (file !== undefined) item.key = path.relative(baseDir, file).split(path.sep).join('/');
  if (id !== undefined) item.id = id;
  const concepts = list(get('concepts', 'concept'), 'concepts');
  if (concepts) item.concepts = concepts.map((c, i) => concept(c, `concepts[${i}]`));
  const negatives = list(get('negativeConcepts', 'negative_concepts'), 'negative_concepts');
  if (negatives) item.negativeConcepts = negatives.map((c, i) => requireString(c, `negative_concepts[${i}]`));
  const datasets = list(get('datasetIds', 'dataset_ids'), 'dataset_ids');
  if (datasets) item.datasetIds = datasets.map((d, i) => requireString(d, `dataset_ids[${i}]`));
  const metadata = get('metadata');
  if (metadata !== undefined) item.metadata = objectField(metadata, 'metadata');
  const geo = geoOf(get('geo'), get('latitude', 'lat'), get('longitude', 'lon', 'lng'));
  if (geo) item.geo = geo;
  return item;
}

function kindOf(type: unknown, location: string | undefined, raw: string | undefined): MediaKind {
  if (type !== undefined) {
    const t = requireString(type, 'type').toLowerCase();
    if (!isMediaKind(t)) throw new Error(`type '${t}' is not one of image, video, audio, text`);
    return t;
  }
  if (raw !== undefined) return 'text';
  return (location && mediaKindOf(location)) || 'image';
}

function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : requireString(value, field);
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new Error(`${field} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** A JSON array, or for CSV a text of items separated by ';' or '|'. */
function list(value: unknown, field: string): unknown[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) return parseJson(trimmed, field) as unknown[];
    return trimmed.split(/[;|]/).map((s) => s.trim()).filter((s) => s !== '');
  }
  throw new Error(`${field} must be a list`);
}

function concept(value: unknown, field: string): SourceItem['concepts'] extends (infer C)[] | undefined ? C : never {
  if (typeof value === 'string') {
    if (value.trim() === '') throw new Error(`${field} is empty`);
    return value;
  }
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') {
    return value as { id: string; value?: number; name?: string };
  }
  throw new Error(`${field} must be a concept id or an object with an id`);
}

function objectField(value: unknown, field: string): Record<string, unknown> {
  const parsed = typeof value === 'string' ? parseJson(value, field) : value;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${field} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${field} is not valid JSON (${(err as Error).message})`);
  }
}

function geoOf(geo: unknown, lat: unknown, lon: unknown): SourceItem['geo'] {
  if (geo !== undefined) {
    const g = objectField(geo, 'geo');
    return { latitude: number(g['latitude'], 'geo.latitude', 90), longitude: number(g['longitude'], 'geo.longitude', 180) };
  }
  if (lat === undefined && lon === undefined) return undefined;
  if (lat === undefined || lon === undefined) throw new Error('latitude and longitude go together');
  return { latitude: number(lat, 'latitude', 90), longitude: number(lon, 'longitude', 180) };
}

function number(value: unknown, field: string, limit: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > limit) {
    throw new Error(`${field} must be a number between -${limit} and ${limit}, got ${JSON.stringify(value)}`);
  }
  return n;
}
