/**
 * The error family of the client. Every error it throws is a `ClarifaiError`; `instanceof` works
 * across duplicate copies of this package because each class checks a `Symbol.for` brand.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Input } from '../generated/clarifai/api/resources.pb';
import type { AddInputsResult, DeleteInputsResult, FailedInput, FailedPatch, PatchInputsResult } from './types';

const BRAND = Symbol.for('clarifai-inputs.error');

/** Every class below adds its own name to this set on the instance; `instanceof` checks it. */
function brandsOf(value: unknown): ReadonlySet<string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const brands = (value as { [BRAND]?: unknown })[BRAND];
  return brands instanceof Set ? (brands as ReadonlySet<string>) : undefined;
}

function hasBrand(value: unknown, name: string): boolean {
  return brandsOf(value)?.has(name) ?? false;
}

/** Base of every error the client throws. */
export class ClarifaiError extends Error {
  declare readonly [BRAND]: Set<string>;
  /** The RPC (e.g. `PostInputs`), when the error comes from a call. */
  readonly method: string | undefined;
  /** What `addInputs` (or `addInputsInBatches`: what it had not yielded) had done before it stopped on this error. */
  partialResult: AddInputsResult | undefined;
  /** What `patchInputs` had done before it stopped on this error. */
  partialPatch: PatchInputsResult | undefined;
  /** What `deleteInputs` had done before it stopped on this error. */
  partialDelete: DeleteInputsResult | undefined;

  constructor(message: string, options: { method?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.method = options.method;
    this.partialResult = undefined;
    this.partialPatch = undefined;
    this.partialDelete = undefined;
    Object.defineProperty(this, BRAND, { value: new Set<string>(['ClarifaiError']), enumerable: false });
    this.name = 'ClarifaiError';
  }

  /** Records this class on the instance so `instanceof` works across package copies. */
  protected brand(name: string): void {
    this[BRAND].add(name);
    this.name = name;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, this.name);
  }
}

/** The service answered with a non-success Clarifai status (inside a gRPC OK). */
export class ClarifaiApiError extends ClarifaiError {
  /** A `StatusCode` value, e.g. 11005 (CONN_THROTTLED). */
  readonly code: number;
  readonly codeName: string;
  readonly description: string;
  readonly details: string;
  readonly reqId: string;

  constructor(init: {
    method: string;
    code: number;
    codeName: string;
    description: string;
    details: string;
    reqId: string;
  }) {
    const text = [init.description, init.details].filter((part) => part !== '').join(': ');
    const req = init.reqId === '' ? '' : ` (req_id ${init.reqId})`;
    super(`${init.method} failed: ${init.codeName} (${init.code})${text === '' ? '' : `: ${text}`}${req}`, {
      method: init.method,
    });
    this.code = init.code;
    this.codeName = init.codeName;
    this.description = init.description;
    this.details = init.details;
    this.reqId = init.reqId;
    this.brand('ClarifaiApiError');
  }
}

/** The gRPC call itself failed (network, deadline, cancellation, server error). */
export class ClarifaiTransportError extends ClarifaiError {
  /** The gRPC status code, e.g. 14 (UNAVAILABLE). */
  readonly code: number;
  readonly codeName: string;

  constructor(init: { method: string; code: number; details: string; cause?: unknown }) {
    const codeName = grpcCodeName(init.code);
    const details = readableDetails(init.details);
    super(`${init.method} failed: ${codeName} (gRPC ${init.code})${details === '' ? '' : `: ${details}`}`, {
      method: init.method,
      cause: init.cause,
    });
    this.code = init.code;
    this.codeName = codeName;
    this.brand('ClarifaiTransportError');
  }
}

/** OpenSSL's words when a TLS client reads a plain-text (HTTP/2 cleartext) answer. */
const PLAIN_TEXT_SERVER = /wrong version number|packet length too long/i;

/**
 * grpc-js details, made readable: one line, without the empty "Resolution note:" grpc-js often
 * ends with, and with a hint when a TLS client met a plain-text server.
 */
export function readableDetails(details: string): string {
  const text = details
    .replace(/\s*\n\s*/g, ' ')
    .replace(/[\s.]*Resolution note:\s*$/, '')
    .replace(/[\s:]+$/, '');
  return PLAIN_TEXT_SERVER.test(text) ? `${text} (is the server plain text? pass insecure: true)` : text;
}

/** The caller's `signal` aborted the call. */
export class ClarifaiAbortError extends ClarifaiError {
  constructor(method: string | undefined, cause: unknown) {
    super(`${method ?? 'call'} aborted`, { method, cause });
    this.brand('ClarifaiAbortError');
  }
}

/** An input or option failed local validation; nothing about it was sent. */
export class ClarifaiValidationError extends ClarifaiError {
  /** Position of the offending input in the source, when an input is at fault. */
  readonly index: number | undefined;
  /** Id of the offending input, when it has one. */
  readonly inputId: string | undefined;
  /** Where inside the input or options, e.g. `metadata.tags[2]` or `batchSize`. */
  readonly path: string | undefined;

  constructor(message: string, init: { index?: number; inputId?: string; path?: string; cause?: unknown } = {}) {
    super(message, { cause: init.cause });
    this.index = init.index;
    this.inputId = init.inputId;
    this.path = init.path;
    this.brand('ClarifaiValidationError');
  }
}

/**
 * `failOnPartial` and some inputs were refused: by `addInputs` (`partialResult` holds both lists)
 * or by `patchInputs` (`partialPatch` does).
 */
export class ClarifaiPartialFailureError extends ClarifaiError {
  readonly failed: readonly (FailedInput | FailedPatch)[];

  constructor(result: AddInputsResult | PatchInputsResult) {
    const first = result.failed[0];
    const sample = first === undefined ? '' : `; first: ${first.id} ${first.codeName} ${first.details || first.description}`;
    const done = 'patched' in result ? `${result.patched.length} patched` : `${result.added.length} added`;
    const method = 'patched' in result ? 'PatchInputs' : 'PostInputs';
    super(`${method}: ${result.failed.length} input(s) failed, ${done}${sample}`, { method });
    this.failed = result.failed;
    if ('patched' in result) this.partialPatch = result;
    else this.partialResult = result;
    this.brand('ClarifaiPartialFailureError');
  }
}

/** `waitForInputs` ran out of time; `pendingIds` lists the inputs not yet terminal. */
export class ClarifaiWaitTimeoutError extends ClarifaiError {
  readonly pendingIds: readonly string[];
  /** Every id waited for, with the last state seen of it (undefined: never seen). */
  readonly lastKnown: ReadonlyMap<string, Input | undefined>;

  constructor(pendingIds: readonly string[], timeoutMs: number, lastKnown: ReadonlyMap<string, Input | undefined> = new Map()) {
    super(`waitForInputs timed out after ${timeoutMs} ms; ${pendingIds.length} input(s) still pending: ${listIds(pendingIds)}`);
    this.pendingIds = pendingIds;
    this.lastKnown = lastKnown;
    this.brand('ClarifaiWaitTimeoutError');
  }
}

/** `waitForInputs`: the app does not have these inputs (absent from two polls in a row). */
export class ClarifaiNotFoundError extends ClarifaiError {
  readonly notFoundIds: readonly string[];
  /** Every id waited for, with the last state seen of it (undefined: never seen). */
  readonly lastKnown: ReadonlyMap<string, Input | undefined>;

  constructor(notFoundIds: readonly string[], lastKnown: ReadonlyMap<string, Input | undefined> = new Map()) {
    super(`waitForInputs: ${notFoundIds.length} input(s) not found: ${listIds(notFoundIds)}`);
    this.notFoundIds = notFoundIds;
    this.lastKnown = lastKnown;
    this.brand('ClarifaiNotFoundError');
  }
}

/** The first ten ids, then how many more. */
function listIds(ids: readonly string[]): string {
  const more = ids.length > 10 ? ` and ${ids.length - 10} more` : '';
  return `${ids.slice(0, 10).join(', ')}${more}`;
}

const grpcNames = new Map<number, string>(
  Object.entries(GrpcStatus)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([name, code]) => [code, name]),
);

/** `UNAVAILABLE` for 14, and so on. */
export function grpcCodeName(code: number): string {
  return grpcNames.get(code) ?? `UNKNOWN_GRPC_${code}`;
}
