/**
 * One logical call as it travels down the layers, and the layer type itself.
 *
 * A layer (as in nice-grpc's client middleware) gets the call and `next`, the rest of the
 * pipeline; it may change the call it passes on (a nearer deadline, more metadata), call `next`
 * once, several times (retry) or not at all, and it reads only its own per-call options.
 */
import type { Metadata } from '@grpc/grpc-js';
import type { Status } from '../../generated/clarifai/api/status/status.pb';
import type { CallEvent } from '../types';
import type { RpcMethod } from './methods';
import type { RetryPolicy } from './retry-policy';

/** Every response of the Inputs API carries a Clarifai status. */
export interface Answer {
  status?: Status | undefined;
}

/** Per-call options, each read by the layer that owns it. All validated at the facade. */
export interface InvokeOptions<Res = Answer> {
  /** Aborts the call, its retries and its waits (every layer). */
  signal?: AbortSignal;
  /** Full request metadata, client headers included (the attempt sends a copy). */
  metadata?: Metadata;
  /** Overall deadline of the call, retries included (the deadline layer). */
  timeoutMs?: number;
  /** This call's retry policy instead of the client's; `false` for one attempt (the retry layer). */
  retry?: RetryPolicy | false;
  /** Inputs or ids in the request, for `CallEvent.itemCount`. */
  itemCount?: number;
  /** A non-SUCCESS response this returns true for is an answer, not an error (the attempt). */
  acceptStatus?: (response: Res) => boolean;
}

/**
 * What the layers below the retry layer tell it about the attempt in hand. The retry layer gives
 * each attempt a fresh object; the pacing layer fills it in.
 */
export interface AttemptNotes {
  /** How long the attempt waited for a rate-limiter token before it went out, ms. */
  rateLimitWaitMs?: number;
  /** The attempt never went out: its wait for a token ended first (deadline or abort). */
  unsent?: boolean;
  /** The service throttled the attempt and the rate limiter paces the next one: not a failure to count. */
  pacedThrottle?: boolean;
  /** How the attempt went out (set by the wire). */
  transport?: 'http2' | 'grpc-js';
}

export interface Call<Req, Res extends Answer> {
  readonly method: RpcMethod<Req, Res>;
  readonly request: Req;
  readonly metadata: Metadata;
  /** The end of this call, or (below the retry layer) of this attempt, in ms since the epoch. */
  readonly deadlineAt: number;
  /** Same for every attempt of one logical call, unique within the process. */
  readonly callId: number;
  readonly options: InvokeOptions<Res>;
  /** Receives one event per attempt sent (built by `callEvent`). */
  readonly observe: (event: CallEvent) => void;
  /** Below the retry layer: notes about this attempt (see `AttemptNotes`). */
  readonly notes?: AttemptNotes;
}

export interface CallResult<Res> {
  response: Res;
  /** Attempts made; above 1 means earlier attempts ended without a usable answer. */
  attempts: number;
}

export type Next<Req, Res extends Answer> = (call: Call<Req, Res>) => Promise<CallResult<Res>>;

/** A layer around a call. Generic in the call's types, so one layer serves every RPC. */
export type CallLayer = <Req, Res extends Answer>(call: Call<Req, Res>, next: Next<Req, Res>) => Promise<CallResult<Res>>;

/** Sends a call: the innermost step (the wire), or a whole composed pipeline. */
export type Send = <Req, Res extends Answer>(call: Call<Req, Res>) => Promise<CallResult<Res>>;

/** `layers` in order, outermost first, around `send`. */
export function composeLayers(layers: readonly CallLayer[], send: Send): Send {
  return <Req, Res extends Answer>(call: Call<Req, Res>) =>
    layers.reduceRight<Next<Req, Res>>((next, layer) => (current) => layer(current, next), send)(call);
}
