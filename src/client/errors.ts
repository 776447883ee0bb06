/**
 * The error family of the client. Every error it throws is a `ClarifaiError`, which says whether
 * another attempt may succeed (`retryable`) and how many attempts were made (`attempts`).
 *
 * `instanceof` works across duplicate copies of this package and in minified bundles: each class
 * has a literal `brand` string (a minifier renames classes, so `this.name` would not do), every
 * instance carries the brands of its class chain under a `Symbol.for` key, and
 * `Symbol.hasInstance` checks for the class's brand.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { StatusCode } from '../generated/clarifai/api/status/status_code.pb';
import { isRetryableGrpc, isRetryableStatus } from './retryable';
import type { Input } from '../generated/clarifai/api/resources.pb';
import type { AddInputsResult, DeleteInputsResult, FailedInput, FailedPatch, PatchInputsResult } from './types';

const BRANDS = Symbol.for('clarifai-inputs.error');

function hasBrand(value: unknown, brand: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const brands = (value as { [BRANDS]?: unknown })[BRANDS];
  return brands instanceof Set && brands.has(brand);
}

/** What every error may be given at construction. */
export interface ClarifaiErrorOptions {
  /** The RPC (e.g. `PostInputs`), when the error comes from a call. */
  method?: string;
  /** The error this one wraps (a grpc-js error, an abort reason, ...). */
  cause?: unknown;
  /** Attempts made (default 0: nothing was sent, or not yet counted). */
  attempts?: number;
  /** What `addInputs` had done before it stopped on this error. */
  partialResult?: AddInputsResult;
  /** What `patchInputs` had done before it stopped on this error. */
  partialPatch?: PatchInputsResult;
  /** What `deleteInputs` had done before it stopped on this error. */
  partialDelete?: DeleteInputsResult;
}

/** What an operation had done before it stopped: one of these is set, by the operation that stopped. */
export type Partials = Pick<ClarifaiErrorOptions, 'partialResult' | 'partialPatch' | 'partialDelete'>;

/** Base of every error the client throws. */
export class ClarifaiError extends Error {
  /** The class's brand: a literal, so it survives minification. */
  static readonly brand: string = 'ClarifaiError';
  /** @internal The brands of the instance's class and its ancestors, checked by `instanceof`. */
  declare readonly [BRANDS]: ReadonlySet<string>;
  /** The RPC (e.g. `PostInputs`), when the error comes from a call. */
  readonly method: string | undefined;
  /** True when another attempt of the same call may succeed (the retry layer retries these while it may). */
  readonly retryable: boolean;
  /** Attempts made by the call that ended with this error; 0 when nothing was sent. */
  readonly attempts: number;
  /**
   * What `addInputs` had done before it stopped on this error: the inputs added, failed and (after
   * a transport error or an abort) unconfirmed. Set on the errors `addInputs` throws.
   */
  readonly partialResult: AddInputsResult | undefined;
  /** What `patchInputs` had done before it stopped on this error: the patches applied and failed. */
  readonly partialPatch: PatchInputsResult | undefined;
  /** What `deleteInputs` had done before it stopped on this error: the ids deleted and not found. */
  readonly partialDelete: DeleteInputsResult | undefined;

  constructor(message: string, options: ClarifaiErrorOptions = {}, retryable = false) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.method = options.method;
    this.retryable = retryable;
    this.attempts = options.attempts ?? 0;
    this.partialResult = options.partialResult;
    this.partialPatch = options.partialPatch;
    this.partialDelete = options.partialDelete;
    const brands = new Set<string>();
    for (let type: unknown = new.target; typeof type === 'function' && Object.hasOwn(type, 'brand'); type = Object.getPrototypeOf(type)) {
      brands.add((type as typeof ClarifaiError).brand);
    }
    Object.defineProperty(this, BRANDS, { value: brands, enumerable: false });
    this.name = (new.target as typeof ClarifaiError).brand;
  }

  /** True when `value` carries this class's brand: works across package copies and minified bundles. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, this.brand);
  }

  /** @internal The same error with the final attempt count (the retry layer counts; the attempt that failed cannot). */
  withAttempts(attempts: number): this {
    (this as { attempts: number }).attempts = attempts;
    return this;
  }

  /**
   * @internal The same error (kind, message, fields, `cause`) carrying `partialResult`: a new
   * object, as `partialResult` is set at construction only.
   */
  withPartialResult(partialResult: AddInputsResult): ClarifaiError {
    return this.withPartials({ partialResult });
  }

  /** @internal The same error carrying what an operation (add, patch, delete) had done: a new object. */
  withPartials(partials: Partials): ClarifaiError {
    return new ClarifaiError(this.message, { method: this.method, cause: this.cause, attempts: this.attempts, ...partials }, this.retryable);
  }
}

/** The service answered with a non-success Clarifai status (inside a gRPC OK). */
export class ClarifaiApiError extends ClarifaiError {
  static override readonly brand: string = 'ClarifaiApiError';
  /** The Clarifai status, e.g. 11005 (CONN_THROTTLED); the same name as in `CallEvent`. */
  readonly statusCode: StatusCode;
  /** Its name, e.g. `CONN_THROTTLED` (`UNKNOWN_<n>` for a code this package does not know). */
  readonly statusCodeName: string;
  /** The status's description, e.g. `Making too many requests`. */
  readonly description: string;
  /** The status's details, e.g. `exceeded limit of 15 requests per second`. */
  readonly details: string;
  /** The server's request id, for support requests; empty when the answer had none. */
  readonly reqId: string;

  constructor(
    init: { method: string; statusCode: StatusCode; statusCodeName: string; description: string; details: string; reqId: string },
    options: Omit<ClarifaiErrorOptions, 'method'> = {},
  ) {
    const text = [init.description, init.details].filter((part) => part !== '').join(': ');
    const req = init.reqId === '' ? '' : ` (req_id ${init.reqId})`;
    super(
      `${init.method} failed: ${init.statusCodeName} (${init.statusCode})${text === '' ? '' : `: ${text}`}${req}`,
      { ...options, method: init.method },
      isRetryableStatus(init.statusCode),
    );
    this.statusCode = init.statusCode;
    this.statusCodeName = init.statusCodeName;
    this.description = init.description;
    this.details = init.details;
    this.reqId = init.reqId;
  }

  override withPartials(partials: Partials): ClarifaiApiError {
    const { statusCode, statusCodeName, description, details, reqId } = this;
    const init = { method: this.method ?? '', statusCode, statusCodeName, description, details, reqId };
    return new ClarifaiApiError(init, { cause: this.cause, attempts: this.attempts, ...partials });
  }
}

/** The gRPC call itself failed (network, deadline, cancellation, server error). */
export class ClarifaiTransportError extends ClarifaiError {
  static override readonly brand: string = 'ClarifaiTransportError';
  /** The gRPC status, e.g. 14 (UNAVAILABLE); the same name as in `CallEvent`. */
  readonly grpcCode: GrpcStatus;
  /** Its name, e.g. `UNAVAILABLE`. */
  readonly grpcCodeName: string;
  /** grpc-js's details, as received. */
  readonly details: string;
  readonly #idempotent: boolean;

  /** `idempotent`: repeating the call changes nothing twice (then DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED are retryable too). */
  constructor(init: { method: string; grpcCode: GrpcStatus; details: string; idempotent?: boolean }, options: Omit<ClarifaiErrorOptions, 'method'> = {}) {
    const codeName = grpcCodeName(init.grpcCode);
    const details = readableDetails(init.details);
    super(
      `${init.method} failed: ${codeName} (gRPC ${init.grpcCode})${details === '' ? '' : `: ${details}`}`,
      { ...options, method: init.method },
      isRetryableGrpc(init.grpcCode, init.details, init.idempotent === true),
    );
    this.grpcCode = init.grpcCode;
    this.grpcCodeName = codeName;
    this.#idempotent = init.idempotent === true;
    this.details = init.details;
  }

  override withPartials(partials: Partials): ClarifaiTransportError {
    const init = { method: this.method ?? '', grpcCode: this.grpcCode, details: this.details, idempotent: this.#idempotent };
    return new ClarifaiTransportError(init, { cause: this.cause, attempts: this.attempts, ...partials });
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
  static override readonly brand: string = 'ClarifaiAbortError';

  /** `cause`: the signal's reason. */
  constructor(method: string | undefined, cause: unknown, options: Omit<ClarifaiErrorOptions, 'method' | 'cause'> = {}) {
    super(`${method ?? 'call'} aborted`, { ...options, method, cause });
  }

  override withPartials(partials: Partials): ClarifaiAbortError {
    return new ClarifaiAbortError(this.method, this.cause, { attempts: this.attempts, ...partials });
  }
}

/** An input or option failed local validation; nothing about it was sent. */
export class ClarifaiValidationError extends ClarifaiError {
  static override readonly brand: string = 'ClarifaiValidationError';
  /** Position of the offending input in the source, when an input is at fault. */
  readonly index: number | undefined;
  /** Id of the offending input, when it has one. */
  readonly inputId: string | undefined;
  /** Where inside the input or options, e.g. `metadata.tags[2]` or `batchSize`. */
  readonly path: string | undefined;

  constructor(message: string, init: { index?: number; inputId?: string; path?: string; cause?: unknown } & Partials = {}) {
    const { index: _index, inputId: _inputId, path: _path, ...options } = init;
    super(message, options);
    this.index = init.index;
    this.inputId = init.inputId;
    this.path = init.path;
  }

  override withPartials(partials: Partials): ClarifaiValidationError {
    return new ClarifaiValidationError(this.message, { index: this.index, inputId: this.inputId, path: this.path, cause: this.cause, ...partials });
  }
}

/**
 * `failOnPartial` and some inputs were refused: by `addInputs` (`partialResult` holds both lists)
 * or by `patchInputs` (`partialPatch` does).
 */
export class ClarifaiPartialFailureError extends ClarifaiError {
  static override readonly brand: string = 'ClarifaiPartialFailureError';
  /** The refused inputs or patches (as in `partialResult.failed` / `partialPatch.failed`). */
  readonly failed: readonly (FailedInput | FailedPatch)[];

  constructor(result: AddInputsResult | PatchInputsResult) {
    const first = result.failed[0];
    const sample = first === undefined ? '' : `; first: ${first.id} ${first.statusCodeName} ${first.details || first.description}`;
    const patch = 'patched' in result;
    const done = patch ? `${result.patched.length} patched` : `${result.added.length} added`;
    const method = patch ? 'PatchInputs' : 'PostInputs';
    super(`${method}: ${result.failed.length} input(s) failed, ${done}${sample}`, { method, ...(patch ? { partialPatch: result } : { partialResult: result }) });
    this.failed = result.failed;
  }
}

/** `waitForInputs` ran out of time; `pendingIds` lists the inputs not yet terminal. */
export class ClarifaiWaitTimeoutError extends ClarifaiError {
  static override readonly brand: string = 'ClarifaiWaitTimeoutError';
  /** The ids still pending (or not yet visible) when time ran out. */
  readonly pendingIds: readonly string[];
  /** Every id waited for, with the last state seen of it (undefined: never seen). */
  readonly lastKnown: ReadonlyMap<string, Input | undefined>;

  constructor(pendingIds: readonly string[], timeoutMs: number, lastKnown: ReadonlyMap<string, Input | undefined> = new Map()) {
    super(`waitForInputs timed out after ${timeoutMs} ms; ${pendingIds.length} input(s) still pending: ${listIds(pendingIds)}`);
    this.pendingIds = pendingIds;
    this.lastKnown = lastKnown;
  }
}

/** `waitForInputs`: the app does not have these inputs (absent from two polls in a row). */
export class ClarifaiNotFoundError extends ClarifaiError {
  static override readonly brand: string = 'ClarifaiNotFoundError';
  /** The ids absent from two polls in a row. */
  readonly notFoundIds: readonly string[];
  /** Every id waited for, with the last state seen of it (undefined: never seen). */
  readonly lastKnown: ReadonlyMap<string, Input | undefined>;

  constructor(notFoundIds: readonly string[], lastKnown: ReadonlyMap<string, Input | undefined> = new Map()) {
    super(`waitForInputs: ${notFoundIds.length} input(s) not found: ${listIds(notFoundIds)}`);
    this.notFoundIds = notFoundIds;
    this.lastKnown = lastKnown;
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
