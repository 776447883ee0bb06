/**
 * Per-call options, validated and resolved once, at the facade, before any operation runs: the
 * layers below read them as they are (call/call.ts, `InvokeOptions`).
 */
import type { Metadata } from '@grpc/grpc-js';
import type { RetryPolicy } from './call/retry-policy';
import { checkInteger, DEFAULT_RETRY, resolveRetry } from './config';
import { ClarifaiValidationError } from './errors';
import type { CallOptions, MetadataInit } from './types';

/** `CallOptions` resolved: the full metadata of the call, the retry policy (if overridden). */
export interface CallSettings {
  signal?: AbortSignal;
  timeoutMs?: number;
  metadata: Metadata;
  retry?: RetryPolicy | false;
}

export interface CallDefaults {
  retry: RetryPolicy | false;
  /** The client's metadata plus `extra`; throws (naming the key) when `extra` repeats a reserved header. */
  metadata(extra: MetadataInit | undefined): Metadata;
}

export function resolveCallOptions(options: CallOptions, defaults: CallDefaults): CallSettings {
  if (typeof options !== 'object' || options === null) throw new ClarifaiValidationError('options must be an object');
  checkInteger('timeoutMs', options.timeoutMs, 1);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new ClarifaiValidationError('option `signal` must be an AbortSignal', { path: 'signal' });
  }
  const settings: CallSettings = { metadata: defaults.metadata(options.metadata) };
  if (options.signal !== undefined) settings.signal = options.signal;
  if (options.timeoutMs !== undefined) settings.timeoutMs = options.timeoutMs;
  if (options.retry !== undefined) settings.retry = resolveRetry(options.retry, defaults.retry === false ? DEFAULT_RETRY : defaults.retry);
  return settings;
}
