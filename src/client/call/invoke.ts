/**
 * A client's call pipeline: the layers around one logical call, composed once per client.
 *
 *   [telemetry] -> deadline -> retry -> [per attempt: the seam] -> the wire (send-attempt.ts)
 *
 * Outer layers see the logical call once; layers below the retry layer see every attempt.
 */
import { Metadata, type CallCredentials, type Client } from '@grpc/grpc-js';
import type { CallEvent } from '../types';
import { composeLayers, type Answer, type CallLayer, type CallResult, type InvokeOptions } from './call';
import { deadlineLayer } from './deadline-layer';
import type { DirectTransport } from './direct/direct-transport';
import type { RpcMethod } from './methods';
import { retryLayer } from './retry-layer';
import type { RetryPolicy } from './retry-policy';
import { sendAttempt } from './send-attempt';

export interface PipelineOptions {
  client: Client;
  callCredentials: CallCredentials | undefined;
  /** The direct HTTP/2 transport for methods marked `direct` (PostInputs), when the client has one. */
  direct?: DirectTransport | undefined;
  /** Metadata of a call that brings none (the client's headers). */
  metadata: Metadata;
  /** The deadline layer's default. */
  timeoutMs: number;
  /** The retry layer's default. */
  retry: RetryPolicy | false;
  onCall: ((event: CallEvent) => void) | undefined;
  /** Layers around the whole logical call, outside the deadline (telemetry: one span per call). */
  around?: readonly CallLayer[];
  /**
   * THE SEAM between retry and the wire. These layers run once per attempt, after the retry layer
   * has decided to send it and before it goes out, with the attempt's deadline in `call.deadlineAt`.
   * A rate limiter belongs here (next issue): it paces every attempt, retries included, and its
   * wait counts against the attempt's deadline. Throwing a `ClarifaiError` whose retry decision
   * says "retry" here leads to another attempt like any failure on the wire.
   */
  perAttempt?: readonly CallLayer[];
}

export type Invoke = <Req, Res extends Answer>(
  method: RpcMethod<Req, Res>,
  request: Req,
  options?: InvokeOptions<Res>,
) => Promise<CallResult<Res>>;

let nextCallId = 1;

export function createInvoke(options: PipelineOptions): Invoke {
  const send = composeLayers(
    [...(options.around ?? []), deadlineLayer(options.timeoutMs), retryLayer(options.retry), ...(options.perAttempt ?? [])],
    sendAttempt(options.client, options.callCredentials, options.direct),
  );
  const { onCall } = options;
  const observe = (event: CallEvent): void => {
    try {
      onCall?.(event);
    } catch {
      // An observer's bug must not break the call it observes.
    }
  };
  return (method, request, callOptions = {}) =>
    send({
      method,
      request,
      metadata: callOptions.metadata ?? options.metadata,
      deadlineAt: Number.POSITIVE_INFINITY,
      callId: nextCallId++,
      options: callOptions,
      observe,
    });
}
