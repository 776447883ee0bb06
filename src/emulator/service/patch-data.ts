import type { Data } from '../../generated/clarifai/api/resources.pb';
import { toStoredConcepts } from './annotations';
import type { StoredConcept, StoredData } from '../store/stored-data';

export const PATCH_ACTIONS = ['merge', 'overwrite', 'remove'] as const;
export type PatchAction = (typeof PATCH_ACTIONS)[number];

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `base` with `patch` laid over it; nested objects merge key by key, anything else replaces. */
export function mergeJson(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const old = out[k];
    out[k] = isObject(old) && isObject(v) ? mergeJson(old, v) : v;
  }
  return out;
}

/**
 * `base` without the keys named in `patch`. A key whose patch value is a non-empty object
 * removes only the nested keys it names; any other value removes the whole key.
 */
export function removeJson(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const old = out[k];
    if (isObject(old) && isObject(v) && Object.keys(v).length > 0) out[k] = removeJson(old, v);
    else delete out[k];
  }
  return out;
}

function mergeConcepts(base: StoredConcept[], patch: StoredConcept[]): StoredConcept[] {
  const out = [...base];
  for (const c of patch) {
    const i = out.findIndex((o) => o.id === c.id);
    if (i >= 0) out[i] = c;
    else out.push(c);
  }
  return out;
}

/**
 * The annotations after a PatchInputs action:
 * - merge: concepts upserted by id, metadata deep-merged, geo set when given, dataset ids added;
 * - overwrite: concepts, metadata, geo and dataset ids replaced by what the patch carries
 *   (an absent one becomes empty);
 * - remove: concepts with the given ids, the given metadata keys, geo (when the patch has
 *   one) and the given dataset ids removed.
 */
export function applyPatch(current: StoredData, data: Data | undefined, datasetIds: string[], action: PatchAction): StoredData {
  const concepts = data ? toStoredConcepts(data) : [];
  const metadata = data?.metadata;
  const point = data?.geo?.geoPoint;
  const geo = point ? { longitude: point.longitude, latitude: point.latitude } : undefined;
  let next: StoredData;
  switch (action) {
    case 'merge':
      next = {
        concepts: mergeConcepts(current.concepts, concepts),
        metadata: metadata ? mergeJson(current.metadata ?? {}, metadata) : current.metadata,
        geo: geo ?? current.geo,
        datasetIds: [...new Set([...current.datasetIds, ...datasetIds])],
      };
      break;
    case 'overwrite':
      next = { concepts, metadata, geo, datasetIds: [...datasetIds] };
      break;
    case 'remove': {
      const gone = new Set(concepts.map((c) => c.id));
      next = {
        concepts: current.concepts.filter((c) => !gone.has(c.id)),
        metadata: metadata && current.metadata ? removeJson(current.metadata, metadata) : current.metadata,
        geo: data?.geo ? undefined : current.geo,
        datasetIds: current.datasetIds.filter((id) => !datasetIds.includes(id)),
      };
      break;
    }
  }
  if (next.metadata === undefined) delete next.metadata;
  if (next.geo === undefined) delete next.geo;
  return next;
}
