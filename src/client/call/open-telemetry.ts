/**
 * An `onCall` hook that records OpenTelemetry spans and metrics through objects from
 * `@opentelemetry/api` (a tracer and/or a meter you pass in). This file does not import the
 * API: the small structural types below accept its Tracer and Meter, so the package has no
 * dependency on it.
 *
 * One span per logical call (`clarifai.api.V2/<Method>`, kind CLIENT), from its first attempt to
 * its last, with one `retry` event per attempt that was retried. Metrics: a counter of attempts
 * and a histogram of call durations, both by method and outcome.
 */
import type { CallEvent } from '../types';

type Attributes = Record<string, string | number | boolean>;
type Time = number | Date;

/** What the hook needs of an OpenTelemetry Span. */
export interface SpanLike {
  addEvent(name: string, attributes?: Attributes, time?: Time): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(endTime?: Time): void;
}

/** What the hook needs of an OpenTelemetry Tracer (`trace.getTracer(...)`). */
export interface TracerLike {
  startSpan(name: string, options?: { kind?: number; startTime?: Time; attributes?: Attributes }): SpanLike;
}

/** What the hook needs of an OpenTelemetry Meter (`metrics.getMeter(...)`). */
export interface MeterLike {
  createCounter(name: string, options?: { description?: string; unit?: string }): { add(value: number, attributes?: Attributes): void };
  createHistogram(name: string, options?: { description?: string; unit?: string }): { record(value: number, attributes?: Attributes): void };
}

const SPAN_KIND_CLIENT = 2;
const SPAN_STATUS_ERROR = 2;

function outcomeOf(event: CallEvent): string {
  return event.statusCodeName ?? event.grpcCodeName;
}

function attemptAttributes(event: CallEvent): Attributes {
  const attributes: Attributes = {
    'rpc.method': event.method,
    'clarifai.attempt': event.attempt,
    'rpc.grpc.status_code': event.grpcCode,
  };
  if (event.statusCode !== undefined) attributes['clarifai.status_code'] = event.statusCode;
  if (event.statusCodeName !== undefined) attributes['clarifai.status_name'] = event.statusCodeName;
  if (event.reqId !== undefined) attributes['clarifai.req_id'] = event.reqId;
  if (event.retryDelayMs !== undefined) attributes['clarifai.retry_delay_ms'] = event.retryDelayMs;
  if (event.error !== undefined) attributes['exception.message'] = event.error.message;
  return attributes;
}

/** Returns an `onCall` hook. Pass `tracer`, `meter`, or both. */
export function openTelemetryOnCall(telemetry: { tracer?: TracerLike; meter?: MeterLike }): (event: CallEvent) => void {
  const attempts = telemetry.meter?.createCounter('clarifai.client.attempts', { description: 'RPC attempts, retries included' });
  const durations = telemetry.meter?.createHistogram('clarifai.client.call.duration', {
    description: 'Logical call duration, retries and waits included',
    unit: 'ms',
  });
  const retried = new Map<number, CallEvent[]>();

  return (event) => {
    attempts?.add(1, { 'rpc.method': event.method, outcome: outcomeOf(event), retried: event.willRetry });
    if (event.willRetry) {
      retried.set(event.callId, [...(retried.get(event.callId) ?? []), event]);
      return;
    }
    const earlier = retried.get(event.callId) ?? [];
    retried.delete(event.callId);
    const startTime = earlier[0]?.startedAt ?? event.startedAt;
    const endTime = event.startedAt + event.durationMs;
    durations?.record(endTime - startTime, { 'rpc.method': event.method, outcome: outcomeOf(event) });
    if (telemetry.tracer === undefined) return;

    const attributes: Attributes = {
      'rpc.system': 'grpc',
      'rpc.service': 'clarifai.api.V2',
      ...attemptAttributes(event),
      'clarifai.attempts': event.attempt,
    };
    if (event.batchSize !== undefined) attributes['clarifai.batch_size'] = event.batchSize;
    const span = telemetry.tracer.startSpan(`clarifai.api.V2/${event.method}`, { kind: SPAN_KIND_CLIENT, startTime, attributes });
    for (const attempt of earlier) span.addEvent('retry', attemptAttributes(attempt), attempt.startedAt + attempt.durationMs);
    if (event.error !== undefined) span.setStatus({ code: SPAN_STATUS_ERROR, message: event.error.message });
    span.end(endTime);
  };
}
