import { isDeepStrictEqual } from 'node:util';
import type { InputPatch, JsonObject, NewInput } from '../../client/types';
import type { Input } from '../../generated/clarifai/api/resources.pb';

/**
 * What `sync` patches and compares: concepts (id to value; a negative concept is 0),
 * metadata (the marker included), dataset ids and geo. Numbers are compared as the wire's
 * 32-bit floats, so 40.7128 sent and read back is the same.
 */
export interface Annotations {
  concepts: Map<string, number>;
  metadata: JsonObject;
  datasetIds: Set<string>;
  geo: { latitude: number; longitude: number } | undefined;
}

export type SyncPatchAction = 'merge' | 'overwrite';

export function annotationsOfNew(input: NewInput): Annotations {
  const concepts = new Map<string, number>();
  for (const c of input.concepts ?? []) {
    if (typeof c === 'string') concepts.set(c, 1);
    else concepts.set(c.id, Math.fround(c.value ?? 1));
  }
  for (const id of input.negativeConcepts ?? []) concepts.set(id, 0);
  const geo = input.geo && { latitude: Math.fround(input.geo.latitude), longitude: Math.fround(input.geo.longitude) };
  return { concepts, metadata: input.metadata ?? {}, datasetIds: new Set(input.datasetIds ?? []), geo };
}

export function annotationsOfStored(input: Input): Annotations {
  const concepts = new Map((input.data?.concepts ?? []).map((c) => [c.id, Math.fround(c.value)] as const));
  const point = input.data?.geo?.geoPoint;
  const geo = point && { latitude: Math.fround(point.latitude), longitude: Math.fround(point.longitude) };
  return { concepts, metadata: (input.data?.metadata as JsonObject | undefined) ?? {}, datasetIds: new Set(input.datasetIds), geo };
}

/**
 * Whether the stored annotations already are what a patch with `action` would make them:
 * for overwrite, equal; for merge, the desired ones contained in the stored ones.
 */
export function annotationsInPlace(desired: Annotations, stored: Annotations, action: SyncPatchAction): boolean {
  const contains = <T>(a: Set<T>, b: Set<T>) => [...a].every((x) => b.has(x));
  const conceptsIn = [...desired.concepts].every(([id, value]) => stored.concepts.get(id) === value);
  if (action === 'merge') {
    return (
      conceptsIn &&
      metadataContains(stored.metadata, desired.metadata) &&
      contains(desired.datasetIds, stored.datasetIds) &&
      (desired.geo === undefined || isDeepStrictEqual(desired.geo, stored.geo))
    );
  }
  return (
    conceptsIn &&
    desired.concepts.size === stored.concepts.size &&
    isDeepStrictEqual(desired.metadata, stored.metadata) &&
    desired.datasetIds.size === stored.datasetIds.size &&
    contains(desired.datasetIds, stored.datasetIds) &&
    isDeepStrictEqual(desired.geo, stored.geo)
  );
}

/** Whether a deep merge of `patch` into `base` would leave `base` as it is. */
function metadataContains(base: JsonObject, patch: JsonObject): boolean {
  return Object.entries(patch).every(([key, value]) => {
    const old = base[key];
    const isObj = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
    return isObj(old) && isObj(value) ? metadataContains(old, value) : isDeepStrictEqual(old, value);
  });
}

/** The patch that makes an input's annotations those of `input`. */
export function patchOf(input: NewInput & { id: string }): InputPatch {
  const patch: InputPatch = { id: input.id };
  if (input.concepts?.length) patch.concepts = input.concepts;
  if (input.negativeConcepts?.length) patch.negativeConcepts = input.negativeConcepts;
  if (input.metadata) patch.metadata = input.metadata;
  if (input.datasetIds?.length) patch.datasetIds = input.datasetIds;
  if (input.geo) patch.geo = input.geo;
  return patch;
}
