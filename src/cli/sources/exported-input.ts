import { MARKER_KEY } from '../marker';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** True for a JSONL object as `export` writes it: an input with a `data` object. */
export function isExportedInput(record: Json): boolean {
  return isObject(record['data']);
}

/**
 * The SHA-256 the exported input's marker recorded for its content, if it has one. An uploaded
 * file comes back by its hosted URL, which serves the very bytes that were hashed, so the
 * re-imported input keeps that hash: the same input, not a different one under its id.
 */
export function exportedContentHash(record: Json): string | undefined {
  const metadata = (record['data'] as Json)['metadata'];
  const marker = isObject(metadata) ? metadata[MARKER_KEY] : undefined;
  return isObject(marker) && typeof marker['sha256'] === 'string' ? marker['sha256'] : undefined;
}

/**
 * An input as `export` writes it (the API's JSON form), as the flat fields of a CSV/JSONL row,
 * so `export` output can be given to `add --from-jsonl` and `sync --from-jsonl`. Content is
 * the media URL or, for uploaded content, its hosted URL; text is its raw text or URL. Concepts
 * with value 0 become negative concepts. The marker of the exported input is dropped (the
 * new run writes its own); status and timestamps are read-only and left out.
 */
export function exportedToRecord(record: Json): Json {
  const data = record['data'] as Json;
  const out: Json = {};
  if (typeof record['id'] === 'string' && record['id'] !== '') out['id'] = record['id'];
  for (const kind of ['image', 'video', 'audio'] as const) {
    const media = data[kind];
    if (!isObject(media)) continue;
    out['type'] = kind;
    const hosted = media['hosted'];
    if (typeof media['url'] === 'string' && media['url'] !== '') out['url'] = media['url'];
    else if (isObject(hosted) && typeof hosted['prefix'] === 'string' && typeof hosted['suffix'] === 'string') {
      const sizes = Array.isArray(hosted['sizes']) ? (hosted['sizes'] as unknown[]) : [];
      out['url'] = `${hosted['prefix']}/${typeof sizes[0] === 'string' ? sizes[0] : 'orig'}/${hosted['suffix']}`;
    }
  }
  const text = data['text'];
  if (isObject(text)) {
    out['type'] = 'text';
    if (typeof text['raw'] === 'string' && text['raw'] !== '') out['text'] = text['raw'];
    else if (typeof text['url'] === 'string') out['url'] = text['url'];
  }
  const concepts = Array.isArray(data['concepts']) ? (data['concepts'] as Json[]) : [];
  const positive = concepts.filter((c) => Number(c['value'] ?? 0) > 0).map((c) => ({ id: c['id'], value: c['value'] }));
  const negative = concepts.filter((c) => Number(c['value'] ?? 0) <= 0).map((c) => c['id']);
  if (positive.length) out['concepts'] = positive;
  if (negative.length) out['negative_concepts'] = negative;
  if (isObject(data['metadata'])) {
    const { [MARKER_KEY]: _marker, ...rest } = data['metadata'];
    if (Object.keys(rest).length > 0) out['metadata'] = rest;
  }
  const point = isObject(data['geo']) ? data['geo']['geoPoint'] : undefined;
  if (isObject(point)) out['geo'] = { latitude: point['latitude'] ?? 0, longitude: point['longitude'] ?? 0 };
  if (Array.isArray(record['datasetIds']) && record['datasetIds'].length > 0) out['dataset_ids'] = record['datasetIds'];
  return out;
}
