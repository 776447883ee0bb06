/**
 * Turns `InputsClientOptions` plus the environment into a complete, validated configuration.
 * Every bad option is an error naming the option; the caller's object is never modified.
 */
import { ClarifaiValidationError } from './errors';
import { RateLimiter } from './call/pacing/rate-limiter';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_BATCH_BYTES, DEFAULT_MAX_INPUT_BYTES, DEFAULT_TIMEOUT_MS, MAX_BATCH_BYTES, MAX_BATCH_SIZE } from './limits';
import type { RetryPolicy } from './call/retry-policy';
import type { InputsClientOptions, RetryOptions } from './types';

export const DEFAULT_TARGET = 'api.clarifai.com:443';
/**
 * A hung attempt is cut after 30 s and retried (idempotent calls), leaving half of the default
 * 60 s deadline for it. 30 s carries a full 8 MiB batch (67 Mbit) at 2.3 Mbit/s upstream, and a
 * 20 MiB input (alone in its batch) at 5.6 Mbit/s; slower links need a longer
 * `retry.attemptTimeoutMs` with `timeoutMs` (docs/client.md).
 */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  random: Math.random,
  attemptTimeoutMs: DEFAULT_ATTEMPT_TIMEOUT_MS,
};

export interface ResolvedConfig {
  apiKey: string | undefined;
  uploadTransport: 'http2' | 'grpc-js';
  userId: string | undefined;
  appId: string | undefined;
  target: string;
  timeoutMs: number;
  retry: RetryPolicy | false;
  rateLimiter: RateLimiter | undefined;
  batchSize: number;
  concurrency: number;
  maxBatchBytes: number;
  maxInputBytes: number;
}

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Throws unless `value` is undefined or an integer in [min, max]. */
export function checkInteger(option: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
    throw new ClarifaiValidationError(`option \`${option}\` must be an integer ${range}, got ${String(value)}`, {
      path: option,
    });
  }
}

function checkString(option: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'string' || value === '')) {
    throw new ClarifaiValidationError(`option \`${option}\` must be a non-empty string`, { path: option });
  }
}

/**
 * @internal Not part of the public `RetryOptions`: tests pin the jitter with `random` (a source of
 * numbers in [0, 1)), as nice-grpc's tests pin `Math.random`.
 */
export interface InternalRetryOptions extends RetryOptions {
  random?: () => number;
}

/**
 * A complete policy from `retry` (`false`: one attempt). Fields left out come from `base`: the
 * defaults for the client's option, the client's policy for a per-call override.
 */
export function resolveRetry(retry: RetryOptions | false | undefined, base: RetryPolicy = DEFAULT_RETRY): RetryPolicy | false {
  if (retry === false) return false;
  if (retry !== undefined && (typeof retry !== 'object' || retry === null)) {
    throw new ClarifaiValidationError('option `retry` must be an object or false', { path: 'retry' });
  }
  const given: InternalRetryOptions | undefined = retry;
  checkInteger('retry.maxAttempts', given?.maxAttempts, 1, 100);
  checkInteger('retry.baseDelayMs', given?.baseDelayMs, 0);
  checkInteger('retry.maxDelayMs', given?.maxDelayMs, 0);
  checkInteger('retry.attemptTimeoutMs', given?.attemptTimeoutMs, 1);
  if (given?.random !== undefined && typeof given.random !== 'function') {
    throw new ClarifaiValidationError('option `retry.random` must be a function', { path: 'retry.random' });
  }
  return {
    maxAttempts: given?.maxAttempts ?? base.maxAttempts,
    baseDelayMs: given?.baseDelayMs ?? base.baseDelayMs,
    maxDelayMs: given?.maxDelayMs ?? base.maxDelayMs,
    random: given?.random ?? base.random,
    attemptTimeoutMs: given?.attemptTimeoutMs ?? base.attemptTimeoutMs,
  };
}

/** The client's rate limiter: the one given, a new adaptive one (under `maxRequestsPerSecond`), or none. */
function resolveRateLimiter(options: InputsClientOptions): RateLimiter | undefined {
  const { rateLimiter, maxRequestsPerSecond } = options;
  if (rateLimiter === undefined) return new RateLimiter(maxRequestsPerSecond === undefined ? {} : { maxRequestsPerSecond });
  if (maxRequestsPerSecond !== undefined) {
    throw new ClarifaiValidationError(
      'options `rateLimiter` and `maxRequestsPerSecond` cannot be used together: give the ceiling to the limiter, `new RateLimiter({ maxRequestsPerSecond })`',
      { path: 'maxRequestsPerSecond' },
    );
  }
  if (rateLimiter === false) return undefined;
  // Duck-typed, like the errors' brands: a limiter from another copy of this package still works.
  const given = rateLimiter as Partial<Record<'acquire' | 'tryAcquire' | 'settle', unknown>> | null;
  if (typeof given !== 'object' || given === null || typeof given.acquire !== 'function' || typeof given.tryAcquire !== 'function' || typeof given.settle !== 'function') {
    throw new ClarifaiValidationError('option `rateLimiter` must be a RateLimiter or false', { path: 'rateLimiter' });
  }
  return rateLimiter;
}

/** The batching options, as the client and each bulk call take them. */
export function checkBatchOptions(options: {
  batchSize?: number | undefined;
  concurrency?: number | undefined;
  maxBatchBytes?: number | undefined;
  maxInputBytes?: number | undefined;
}): void {
  checkInteger('batchSize', options.batchSize, 1, MAX_BATCH_SIZE);
  checkInteger('concurrency', options.concurrency, 1, 64);
  checkInteger('maxBatchBytes', options.maxBatchBytes, 1, MAX_BATCH_BYTES);
  checkInteger('maxInputBytes', options.maxInputBytes, 1, MAX_BATCH_BYTES);
}

const UPLOAD_TRANSPORTS: ReadonlyArray<string | undefined> = ['http2', 'grpc-js'];

/** The option, else env CLARIFAI_UPLOAD_TRANSPORT (an operator's switch without a code change), else 'http2'. */
function resolveUploadTransport(option: InputsClientOptions['uploadTransport']): 'http2' | 'grpc-js' {
  if (option !== undefined && !UPLOAD_TRANSPORTS.includes(option)) {
    throw new ClarifaiValidationError(`option \`uploadTransport\` must be 'http2' or 'grpc-js', not ${JSON.stringify(option)}`, { path: 'uploadTransport' });
  }
  const fromEnv = env('CLARIFAI_UPLOAD_TRANSPORT');
  if (option === undefined && fromEnv !== undefined && !UPLOAD_TRANSPORTS.includes(fromEnv)) {
    throw new ClarifaiValidationError(`CLARIFAI_UPLOAD_TRANSPORT must be 'http2' or 'grpc-js', not ${JSON.stringify(fromEnv)}`, { path: 'uploadTransport' });
  }
  return (option ?? fromEnv ?? 'http2') as 'http2' | 'grpc-js';
}

export function resolveConfig(options: InputsClientOptions): ResolvedConfig {
  if (typeof options !== 'object' || options === null) {
    throw new ClarifaiValidationError('InputsClient options must be an object');
  }
  for (const name of ['apiKey', 'userId', 'appId', 'target'] as const) checkString(name, options[name]);
  checkInteger('timeoutMs', options.timeoutMs, 1);
  checkBatchOptions(options);
  if (options.onCall !== undefined && typeof options.onCall !== 'function') {
    throw new ClarifaiValidationError('option `onCall` must be a function', { path: 'onCall' });
  }
  if (options.openTelemetry !== undefined && (typeof options.openTelemetry !== 'object' || options.openTelemetry === null)) {
    throw new ClarifaiValidationError('option `openTelemetry` must be an object ({ tracer, meter, api })', { path: 'openTelemetry' });
  }
  if (options.interceptors?.length && options.interceptorProviders?.length) {
    throw new ClarifaiValidationError('options `interceptors` and `interceptorProviders` cannot be used together', {
      path: 'interceptors',
    });
  }
  const apiKey = options.apiKey ?? env('CLARIFAI_PAT') ?? env('CLARIFAI_API_KEY');
  if (apiKey === undefined && options.callCredentials === undefined) {
    throw new ClarifaiValidationError(
      'no API key: pass option `apiKey`, or set CLARIFAI_PAT or CLARIFAI_API_KEY (or pass `callCredentials`)',
      { path: 'apiKey' },
    );
  }
  if (apiKey !== undefined && /[\r\n]/.test(apiKey)) {
    throw new ClarifaiValidationError('option `apiKey` must not contain line breaks', { path: 'apiKey' });
  }
  return {
    apiKey,
    uploadTransport: resolveUploadTransport(options.uploadTransport),
    userId: options.userId ?? env('CLARIFAI_USER_ID'),
    appId: options.appId ?? env('CLARIFAI_APP_ID'),
    target: options.target ?? env('CLARIFAI_GRPC_BASE') ?? DEFAULT_TARGET,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: resolveRetry(options.retry),
    rateLimiter: resolveRateLimiter(options),
    batchSize: options.batchSize ?? MAX_BATCH_SIZE,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    maxBatchBytes: options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES,
    maxInputBytes: options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES,
  };
}
