import type { Data } from '../../generated/clarifai/api/resources.pb';
import type { StoredConcept, StoredData } from '../store/stored-data';

/** Why a metadata value cannot be stored as JSON (NaN, Infinity), or undefined when it can. */
function metadataProblem(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}; metadata numbers must be finite`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = metadataProblem(value[i], `${path}[${i}]`);
      if (p) return p;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = metadataProblem(v, `${path}.${k}`);
      if (p) return p;
    }
  }
  return undefined;
}

/**
 * Checks concepts, metadata, geo and dataset ids of `data`; `where` prefixes the message, e.g.
 * `inputs[2] (id "a")`. Returns the first problem or undefined.
 */
export function annotationProblem(data: Data, where: string): string | undefined {
  for (const [i, c] of data.concepts.entries()) {
    if (!c.id) return `${where}: data.concepts[${i}] has no id`;
    if (c.id.length > 255) return `${where}: data.concepts[${i}].id is longer than 255 characters`;
    if (!(c.value >= 0 && c.value <= 1)) return `${where}: data.concepts[${i}] (id ${JSON.stringify(c.id)}) has value ${c.value}; use 0 to 1`;
  }
  if (data.metadata !== undefined) {
    const p = metadataProblem(data.metadata, 'data.metadata');
    if (p) return `${where}: ${p}`;
  }
  const point = data.geo?.geoPoint;
  if (data.geo && !point) return `${where}: data.geo has no geo_point`;
  if (point) {
    if (!(point.latitude >= -90 && point.latitude <= 90)) return `${where}: data.geo.geo_point.latitude ${point.latitude} is outside -90..90`;
    if (!(point.longitude >= -180 && point.longitude <= 180)) return `${where}: data.geo.geo_point.longitude ${point.longitude} is outside -180..180`;
  }
  return undefined;
}

export function datasetIdsProblem(ids: string[], where: string): string | undefined {
  const i = ids.findIndex((id) => id.length === 0 || id.length > 255);
  return i < 0 ? undefined : `${where}: dataset_ids[${i}] must be 1 to 255 characters`;
}

export function toStoredConcepts(data: Data): StoredConcept[] {
  return data.concepts.map((c) => ({ id: c.id, name: c.name, value: c.value }));
}

/** The annotations of a new input, as stored. */
export function toStoredData(data: Data, datasetIds: string[]): StoredData {
  const point = data.geo?.geoPoint;
  return {
    concepts: toStoredConcepts(data),
    ...(data.metadata !== undefined ? { metadata: data.metadata } : {}),
    ...(point ? { geo: { longitude: point.longitude, latitude: point.latitude } } : {}),
    datasetIds: [...datasetIds],
  };
}
