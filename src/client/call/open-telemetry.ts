/**
 * The telemetry layer: OpenTelemetry spans and metrics through objects from `@opentelemetry/api`
 * (a tracer and/or a meter you pass in). This file does not import the API: the small structural
 * types below accept its Tracer, Meter and the API itself, so the package has no dependency on it.
 *
 * One span per logical call (`clarifai.api.V2/<Method>`, kind CLIENT), started before the first
 * attempt and ended after the last, with one `retry` event per attempt that was retried. With
 * `api`, the span is a child of the active span and its context goes out in the request metadata
 * (`traceparent` with the W3C propagator), as nice-grpc's OpenTelemetry middleware does, so the
 * server's spans join the trace. Metrics: a counter of attempts and a histogram of call
 * durations, both by method and outcome.
 */
import type { CallEvent } from '../types';
import type { Answer, Call, CallLayer, CallResult, Next } from './call';

/** Span and metric attributes, as OpenTelemetry takes them. */
export type Attributes = Record<string, string | number | boolean>;
/** A point in time, as OpenTelemetry takes it: ms since the epoch, or a Date. */
export type Time = number | Date;

/** What the layer needs of an OpenTelemetry Span. */
export interface SpanLike {
  /** Records an event (the layer adds one `retry` event per retried attempt). */
  addEvent(name: string, attributes?: Attributes, time?: Time): unknown;
  /** Sets the span's attributes (`rpc.*`, `clarifai.*`). */
  setAttributes(attributes: Attributes): unknown;
  /** Marks the span as failed (code 2, ERROR) with the error's message. */
  setStatus(status: { code: number; message?: string }): unknown;
  /** Ends the span after the call's last attempt. */
  end(endTime?: Time): void;
}

/** What the layer needs of an OpenTelemetry Tracer (`trace.getTracer(...)`). */
export interface TracerLike {
  /** Starts the span of one logical call, before its first attempt. */
  startSpan(name: string, options?: { kind?: number; startTime?: Time; attributes?: Attributes }): SpanLike;
}

/** What the layer needs of an OpenTelemetry Meter (`metrics.getMeter(...)`). */
export interface MeterLike {
  /** Creates the counter of attempts (`clarifai.client.attempts`). */
  createCounter(name: string, options?: { description?: string; unit?: string }): { /** Adds to the counter. */ add(value: number, attributes?: Attributes): void };
  /** Creates the histogram of call durations (`clarifai.client.call.duration`, ms). */
  createHistogram(name: string, options?: { description?: string; unit?: string }): { /** Records one value. */ record(value: number, attributes?: Attributes): void };
}

/** What the layer needs of `@opentelemetry/api` itself to propagate the trace context. */
export interface OpenTelemetryApiLike {
  /** `context` of `@opentelemetry/api`: its active context is the new span's parent. */
  context: { active(): unknown };
  /** `trace` of `@opentelemetry/api`: puts the call's span into the context that is propagated. */
  trace: { setSpan(context: unknown, span: SpanLike): unknown };
  /** `propagation` of `@opentelemetry/api`: writes `traceparent` (and what else the propagator sends) into the request metadata. */
  propagation: { inject(context: unknown, carrier: Record<string, string>): void };
}

/** The `openTelemetry` option of `InputsClient`. */
export interface OpenTelemetryOptions {
  /** Where the spans go, e.g. `trace.getTracer('clarifai-inputs')`. No spans without it. */
  tracer?: TracerLike;
  /** Where the metrics go, e.g. `metrics.getMeter('clarifai-inputs')`. No metrics without it. */
  meter?: MeterLike;
  /**
   * `@opentelemetry/api` (`import * as api from '@opentelemetry/api'`). With it, each call's span
   * is a child of the active span, and its trace context is injected into the request metadata
   * by the registered propagator (`traceparent`, `tracestate` with the W3C one).
   */
  api?: OpenTelemetryApiLike;
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

/** The span's context in the metadata: a copy of `call.metadata` with the propagator's headers added. */
function withTraceContext<Req, Res extends Answer>(call: Call<Req, Res>, api: OpenTelemetryApiLike, span: SpanLike): Call<Req, Res> {
  const carrier: Record<string, string> = {};
  api.propagation.inject(api.trace.setSpan(api.context.active(), span), carrier);
  const entries = Object.entries(carrier);
  if (entries.length === 0) return call;
  const metadata = call.metadata.clone();
  for (const [key, value] of entries) metadata.set(key, value);
  return { ...call, metadata };
}

export function openTelemetryLayer(telemetry: OpenTelemetryOptions): CallLayer {
  const attempts = telemetry.meter?.createCounter('clarifai.client.attempts', { description: 'RPC attempts, retries included' });
  const durations = telemetry.meter?.createHistogram('clarifai.client.call.duration', {
    description: 'Logical call duration, retries and waits included',
    unit: 'ms',
  });

  return async <Req, Res extends Answer>(call: Call<Req, Res>, next: Next<Req, Res>): Promise<CallResult<Res>> => {
    const startTime = Date.now();
    const span = telemetry.tracer?.startSpan(`clarifai.api.V2/${call.method.name}`, {
      kind: SPAN_KIND_CLIENT,
      startTime,
      attributes: { 'rpc.system': 'grpc', 'rpc.service': 'clarifai.api.V2', 'rpc.method': call.method.name },
    });
    const retried: CallEvent[] = [];
    let last: CallEvent | undefined;
    const observe = (event: CallEvent): void => {
      attempts?.add(1, { 'rpc.method': event.method, outcome: outcomeOf(event), retried: event.willRetry });
      if (event.willRetry) retried.push(event);
      else last = event;
      call.observe(event);
    };
    const traced = span !== undefined && telemetry.api !== undefined ? withTraceContext(call, telemetry.api, span) : call;
    let failure: { error: unknown } | undefined;
    try {
      return await next({ ...traced, observe });
    } catch (error) {
      failure = { error };
      throw error;
    } finally {
      const endTime = Date.now();
      const final = last;
      const outcome = final === undefined ? 'CANCELLED' : outcomeOf(final);
      durations?.record(endTime - startTime, { 'rpc.method': call.method.name, outcome });
      if (span !== undefined) {
        const attempted = final?.attempt ?? retried.length;
        span.setAttributes({ ...(final === undefined ? {} : attemptAttributes(final)), 'clarifai.attempts': attempted });
        if (call.options.itemCount !== undefined) span.setAttributes({ 'clarifai.item_count': call.options.itemCount });
        for (const attempt of retried) span.addEvent('retry', attemptAttributes(attempt), attempt.startedAt + attempt.durationMs);
        if (failure !== undefined) {
          span.setStatus({ code: SPAN_STATUS_ERROR, message: failure.error instanceof Error ? failure.error.message : String(failure.error) });
        }
        span.end(endTime);
      }
    }
  };
}
