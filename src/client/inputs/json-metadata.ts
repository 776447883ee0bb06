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

/** The first place `value` is not plain JSON, or undefined when it is fine. */
export function findNonJson(value: unknown, path: string, seen: object[] = []): JsonProblem | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, problem: `is ${describe(value)}` };
  if (typeof value !== 'object') return { path, problem: `is ${describe(value)}` };
  if (seen.includes(value)) return { path, problem: 'is a circular reference' };
  if (seen.length >= MAX_DEPTH) return { path, problem: `is nested deeper than ${MAX_DEPTH} levels` };
  seen.push(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const problem = findNonJson(value[i], `${path}[${i}]`, seen);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    if (!isPlainObject(value)) return { path, problem: `is ${describe(value)}` };
    for (const [key, child] of Object.entries(value)) {
      // JSON.parse makes "__proto__" an own key, but decoding would turn it into a prototype.
      if (key === '__proto__') return { path: `${path}["__proto__"]`, problem: 'is a key that JavaScript objects cannot carry as data' };
      const childPath = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      const problem = findNonJson(child, childPath, seen);
      if (problem !== undefined) return problem;
    }
    return undefined;
  } finally {
    seen.pop();
  }
}

/** The problem with `metadata` as a Struct (it must be a plain object), or undefined. */
export function findMetadataProblem(metadata: unknown, path = 'metadata'): JsonProblem | undefined {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata) || !isPlainObject(metadata)) {
    const got = Array.isArray(metadata) ? 'an array' : metadata === null ? 'null' : describe(metadata);
    return { path, problem: `must be a plain JSON object, got ${got}` };
  }
  return findNonJson(metadata, path);
}
