import type { JsonObject } from '../client/types';
import type { Input } from '../generated/clarifai/api/resources.pb';

/**
 * The metadata key under which `add` and `sync` keep what they know of each input they send:
 * `{ "source": "photos", "key": "cats/1.jpg", "sha256": "9f86d0..." }`. `source` names the
 * folder, CSV or JSONL file (or `--source-name`), `key` the entry in it, and `sha256` the hash
 * of the content sent (the file's bytes, the URL, or the text). It lets a rerun tell unchanged
 * content from changed, and lets `sync` on any machine find the inputs it manages.
 */
export const MARKER_KEY = 'clarifai_inputs';

export interface Marker {
  source: string;
  key: string;
  sha256: string;
}

/** The marker of a stored input, or undefined when it has none (not added by this tool). */
export function markerOf(input: Input): Marker | undefined {
  const value = (input.data?.metadata as JsonObject | undefined)?.[MARKER_KEY];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { source, key, sha256 } = value as Record<string, unknown>;
  if (typeof source !== 'string' || typeof key !== 'string' || typeof sha256 !== 'string') return undefined;
  return { source, key, sha256 };
}
