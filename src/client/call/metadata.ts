/**
 * Request metadata: the client's fixed headers plus per-call extras. Extras add values; they
 * never silently replace a header the client sets (that is an error naming the key).
 */
import { Metadata } from '@grpc/grpc-js';
import { ClarifaiValidationError } from '../errors';
import type { MetadataInit } from '../types';

function entriesOf(init: MetadataInit): Array<[string, string | Buffer]> {
  const out: Array<[string, string | Buffer]> = [];
  if (init instanceof Metadata) {
    for (const [key, values] of Object.entries(init.toJSON())) {
      for (const value of values) out.push([key, value]);
    }
    return out;
  }
  for (const [key, value] of Object.entries(init)) {
    const values: readonly string[] = typeof value === 'string' ? [value] : value;
    for (const one of values) out.push([key.toLowerCase(), one]);
  }
  return out;
}

/**
 * A fresh Metadata: `base`, plus each `extras` layer in order. A key in `reserved` (set by the
 * client itself, e.g. `authorization`) may not appear in an extra layer.
 */
export function mergeMetadata(
  base: Metadata,
  reserved: ReadonlySet<string>,
  ...extras: Array<MetadataInit | undefined>
): Metadata {
  const merged = base.clone();
  for (const extra of extras) {
    if (extra === undefined) continue;
    for (const [key, value] of entriesOf(extra)) {
      if (reserved.has(key)) {
        throw new ClarifaiValidationError(
          `metadata: "${key}" is set by the client itself and cannot be given again`,
          { path: `metadata.${key}` },
        );
      }
      merged.add(key, value);
    }
  }
  return merged;
}
