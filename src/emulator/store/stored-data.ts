/** The annotation part of an input as kept in `inputs.data_json`. */
export interface StoredConcept {
  id: string;
  name: string;
  value: number;
}

export interface StoredData {
  concepts: StoredConcept[];
  metadata?: Record<string, unknown>;
  geo?: { longitude: number; latitude: number };
  datasetIds: string[];
}

/** The kind of content an input carries; exactly one per input. */
export type InputKind = 'image' | 'video' | 'audio' | 'text';

/** Which app a request acts on. */
export interface AppScope {
  userId: string;
  appId: string;
}
