/**
 * A logical call: attempts of one RPC under one overall deadline, retried by the retry policy
 * with abortable backoff, each attempt reported to `onCall`.
 */
import { status as GrpcStatus, type CallCredentials, type Client, type Metadata } from '@grpc/grpc-js';
import type { Status } from '../../generated/clarifai/api/status/status.pb';
import { statusCodeName } from '../../status-code-name';
import { abortReason, delay } from './abortable-delay';
import { checkStatus } from './check-status';
import { checkInteger } from '../config';
import { ClarifaiAbortError, ClarifaiTransportError, grpcCodeName } from '../errors';
import type { RpcMethod } from './methods';
import { backoffDelay, isRetryable } from './retry-policy';
import type { CallEvent, CallOptions, MetadataInit, ResolvedRetry } from '../types';
import { unaryCall } from './unary-call';

/** What a logical call needs from its client. */
export interface Transport {
  client: Client;
  /** The full metadata of a request: client headers plus `extra`. Throws on a reserved key. */
  metadata(extra: MetadataInit | undefined): Metadata;
  callCredentials: CallCredentials | undefined;
  retry: ResolvedRetry | false;
  timeoutMs: number;
  onCall: ((event: CallEvent) => void) | undefined;
}

export interface InvokeOptions extends CallOptions {
  /** Inputs or ids in the request, for `onCall`. */
  batchSize?: number;
}

export interface InvokeResult<Res> {
  response: Res;
  /** Attempts made; above 1 means earlier attempts ended without a usable answer. */
  attempts: number;
}

let nextCallId = 1;

function report(onCall: Transport['onCall'], event: CallEvent): void {
  if (onCall === undefined) return;
  try {
    onCall(event);
  } catch {
    // An observer's bug must not break the call it observes.
  }
}

export async function invoke<Req, Res extends { status?: Status | undefined }>(
  transport: Transport,
  method: RpcMethod<Req, Res>,
  request: Req,
  options: InvokeOptions & {
    /** Decides whether a non-SUCCESS response is still a result (e.g. MIXED_STATUS). */
    isResult?: (response: Res) => boolean;
  } = {},
): Promise<InvokeResult<Res>> {
  checkInteger('timeoutMs', options.timeoutMs, 1);
  const timeoutMs = options.timeoutMs ?? transport.timeoutMs;
  const deadlineAt = Date.now() + timeoutMs;
  const metadata = transport.metadata(options.metadata);
  const { signal, isResult } = options;
  const retry = transport.retry;
  const maxAttempts = retry === false ? 1 : retry.maxAttempts;
  const callId = nextCallId++;

  for (let attempt = 1; ; attempt++) {
    const startedAt = Date.now();
    const started = performance.now();
    let response: Res | undefined;
    let error: unknown;
    try {
      const attemptTimeoutMs = retry === false ? undefined : retry.attemptTimeoutMs;
      const attemptDeadline = attemptTimeoutMs === undefined ? deadlineAt : Math.min(deadlineAt, startedAt + attemptTimeoutMs);
      response = await unaryCall(transport.client, method, request, metadata.clone(), {
        deadline: new Date(attemptDeadline),
        signal,
        callCredentials: transport.callCredentials,
      });
      if (isResult?.(response) !== true) checkStatus(method.name, response.status);
    } catch (caught) {
      error = caught;
    }
    const durationMs = performance.now() - started;

    let retryDelayMs: number | undefined;
    if (error !== undefined && retry !== false && attempt < maxAttempts && isRetryable(error, method.idempotent)) {
      const wait = backoffDelay(retry, attempt);
      if (Date.now() + wait < deadlineAt) retryDelayMs = wait;
    }
    const grpcCode =
      error instanceof ClarifaiTransportError ? error.code : error instanceof ClarifaiAbortError ? GrpcStatus.CANCELLED : GrpcStatus.OK;
    const statusCode = response?.status?.code;
    report(transport.onCall, {
      method: method.name,
      callId,
      attempt,
      startedAt,
      durationMs,
      grpcCode,
      grpcCodeName: grpcCodeName(grpcCode),
      ...(statusCode === undefined ? {} : { statusCode, statusCodeName: statusCodeName(statusCode) }),
      ...(response?.status?.reqId ? { reqId: response.status.reqId } : {}),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      willRetry: retryDelayMs !== undefined,
      ...(retryDelayMs === undefined ? {} : { retryDelayMs }),
      ...(error instanceof Error ? { error } : {}),
    });

    if (error === undefined && response !== undefined) return { response, attempts: attempt };
    if (retryDelayMs === undefined) throw error;
    try {
      await delay(retryDelayMs, signal);
    } catch {
      const aborted = new ClarifaiAbortError(method.name, abortReason(signal));
      report(transport.onCall, {
        method: method.name,
        callId,
        attempt: attempt + 1,
        startedAt: Date.now(),
        durationMs: 0,
        grpcCode: GrpcStatus.CANCELLED,
        grpcCodeName: grpcCodeName(GrpcStatus.CANCELLED),
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        willRetry: false,
        error: aborted,
      });
      throw aborted;
    }
  }
}
