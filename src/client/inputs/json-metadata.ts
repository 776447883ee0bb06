/**
 * Metadata travels as a google.protobuf.Struct, which can hold plain JSON only. This finds the
 * first value that is not plain JSON (NaN, Infinity, BigInt, functions, cycles, class
 * instances, undefined) and says where it is, instead of letting it be dropped or mangled.
 */

const MAX_DEPTH = 64;

/** An object literal, `Object.create(null)`, or an object literal from another realm (vm, worker). */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null) return true;
  return Object.getPrototypeOf(proto) === null && (proto as { constructor?: { name?: string } }).constructor?.name === 'Object';
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return 'a BigInt';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object' && value !== null) return `an instance of ${value.constructor?.name ?? 'a class'}`;
  return `a ${typeof value}`;
}

/** Where a value is not plain JSON, and what it is instead. */
export interface JsonProblem {
  path: string;
  problem: string;
}

/** A path segment: an array index or an object key. */
type Segment = number | string;

function pathOf(root: string, segments: readonly Segment[]): string {
  let path = root;
  for (const s of segments) {
    if (typeof s === 'number') path += `[${s}]`;
    else path += /^[A-Za-z_$][\w$]*$/.test(s) && s !== '__proto__' ? `.${s}` : `[${JSON.stringify(s)}]`;
  }
  return path;
}

/**
 * The first place `value` is not plain JSON, or undefined when it is fine. `at` holds the path's
 * segments below the root; the path is written out only for a problem found (most metadata has
 * none), not as a string for every key passed.
 */
function firstProblem(value: unknown, at: Segment[], seen: object[]): { problem: string; at: Segment[] } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { at: [...at], problem: `is ${describe(value)}` };
  if (typeof value !== 'object') return { at: [...at], problem: `is ${describe(value)}` };
  if (seen.includes(value)) return { at: [...at], problem: 'is a circular reference' };
  if (seen.length >= MAX_DEPTH) return { at: [...at], problem: `is nested deeper than ${MAX_DEPTH} levels` };
  seen.push(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        at.push(i);
        const found = firstProblem(value[i], at, seen);
        at.pop();
        if (found !== undefined) return found;
      }
      return undefined;
    }
    if (!isPlainObject(value)) return { at: [...at], problem: `is ${describe(value)}` };
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      at.push(key);
      // JSON.parse makes "__proto__" an own key, but decoding would turn it into a prototype.
      const found =
        key === '__proto__' ? { at: [...at], problem: 'is a key that JavaScript objects cannot carry as data' } : firstProblem((value as Record<string, unknown>)[key], at, seen);
      at.pop();
      if (found !== undefined) return found;
    }
    return undefined;
  } finally {
    seen.pop();
  }
}

/** The first place `value` (found at `path`) is not plain JSON, or undefined when it is fine. */
export function findNonJson(value: unknown, path: string): JsonProblem | undefined {
  const found = firstProblem(value, [], []);
  return found && { path: pathOf(path, found.at), problem: found.problem };
}

/** The problem with `metadata` as a Struct (it must be a plain object), or undefined. */
export function findMetadataProblem(metadata: unknown, path = 'metadata'): JsonProblem | undefined {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata) || !isPlainObject(metadata)) {
    const got = Array.isArray(metadata) ? 'an array' : metadata === null ? 'null' : describe(metadata);
    return { path, problem: `must be a plain JSON object, got ${got}` };
  }
  return findNonJson(metadata, path);
}
