/**
 * The public shapes of `InputsClient`: constructor options, the friendly input shape, per-call
 * options, results and observability events. Everything here is a type; no runtime code.
 */
import type {
  CallCredentials,
  Channel,
  ChannelCredentials,
  ChannelOptions,
  Interceptor,
  InterceptorProvider,
  Metadata,
} from '@grpc/grpc-js';
import type { Input } from '../generated/clarifai/api/resources.pb';
import type { StatusCode } from '../generated/clarifai/api/status/status_code.pb';
import type { OpenTelemetryOptions } from './call/open-telemetry';
import type { RateLimiter } from './call/pacing/rate-limiter';

/** Any value JSON can hold. Metadata must be made of these only (no NaN, Infinity, BigInt, cycles). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** A plain JSON object: what `metadata` must be. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Image, video or audio content: exactly one of a URL, bytes in memory, or a file read from disk
 * when its batch is sent (`{ url, file }` together does not compile).
 */
export type MediaSource =
  | {
      /** Where the service downloads the content from (http or https). */
      url: string;
      /** Accept a URL the app already holds instead of failing the input as a duplicate. */
      allowDuplicateUrl?: boolean;
      /** Not with `url`. */
      bytes?: never;
      /** Not with `url`. */
      file?: never;
    }
  | {
      /** The file's bytes, sent as they are. */
      bytes: Uint8Array;
      /** Not with `bytes`. */
      url?: never;
      /** Not with `bytes`. */
      file?: never;
      /** Only with `url`. */
      allowDuplicateUrl?: never;
    }
  | {
      /** A path on disk: measured with `stat` when batches are cut, read when its batch is sent. */
      file: string;
      /** Not with `file`. */
      url?: never;
      /** Not with `file`. */
      bytes?: never;
      /** Only with `url`. */
      allowDuplicateUrl?: never;
    };

/** Text content: inline or by URL, not both. */
export type TextSource =
  | {
      /** The text itself. */
      raw: string;
      /** Not with `raw`. */
      url?: never;
      /** Only with `url`. */
      allowDuplicateUrl?: never;
    }
  | {
      /** Where the service downloads the text from. */
      url: string;
      /** Accept a URL the app already holds instead of failing the input as a duplicate. */
      allowDuplicateUrl?: boolean;
      /** Not with `url`. */
      raw?: never;
    };

/** A label. A string means "present" (value 1); an object may set value 0 for "absent". */
export type ConceptInput =
  | string
  | {
      /** The concept's id: the label. */
      id: string;
      /** 1 (present, the default) or 0 (absent). */
      value?: number;
      /** A display name; the service uses the id when it is empty. */
      name?: string;
    };

/** The content of an input: exactly one of image, video, audio and text (two do not compile). */
export type InputContent =
  | {
      /** An image. */
      image: MediaSource;
      /** Only one kind of content. */
      video?: never;
      /** Only one kind of content. */
      audio?: never;
      /** Only one kind of content. */
      text?: never;
    }
  | {
      /** A video. */
      video: MediaSource;
      /** Only one kind of content. */
      image?: never;
      /** Only one kind of content. */
      audio?: never;
      /** Only one kind of content. */
      text?: never;
    }
  | {
      /** An audio clip. */
      audio: MediaSource;
      /** Only one kind of content. */
      image?: never;
      /** Only one kind of content. */
      video?: never;
      /** Only one kind of content. */
      text?: never;
    }
  | {
      /** A text. */
      text: TextSource;
      /** Only one kind of content. */
      image?: never;
      /** Only one kind of content. */
      video?: never;
      /** Only one kind of content. */
      audio?: never;
    };

/** One input to add, in the friendly shape: its content plus optional id and annotations. */
export type NewInput = InputContent & InputAnnotations;

/** What a new input may carry besides its content. */
export interface InputAnnotations {
  /** Chosen by you, or by the client (32 hex characters) so a retry can never double the input. */
  id?: string;
  /** Strings go out with value 1. */
  concepts?: readonly ConceptInput[];
  /** Concept ids sent with value 0 (known to be absent). */
  negativeConcepts?: readonly string[];
  /** A plain JSON object, sent as a google.protobuf.Struct. */
  metadata?: JsonObject;
  /** Datasets the input joins. */
  datasetIds?: readonly string[];
  /** Where the content was made. */
  geo?: GeoInput;
}

/** A location: degrees north (-90..90) and east (-180..180). */
export interface GeoInput {
  /** Degrees north, -90..90. */
  latitude: number;
  /** Degrees east, -180..180. */
  longitude: number;
}

/** A change to an existing input, for `patchInputs`: its id plus the annotations to apply. */
export interface InputPatch {
  /** The id of the input to change. */
  id: string;
  /** Concepts to set (merge: upsert by id; overwrite: the whole list; remove: these ids). */
  concepts?: readonly ConceptInput[];
  /** Concept ids to set with value 0 (absent). */
  negativeConcepts?: readonly string[];
  /** Metadata (merge: deep merge; overwrite: replaced; remove: the named keys). */
  metadata?: JsonObject;
  /** Dataset ids (merge: added; overwrite: replaced; remove: these ids). */
  datasetIds?: readonly string[];
  /** The location (merge and overwrite: set; remove: removed). */
  geo?: GeoInput;
}

/** How `patchInputs` applies a patch. */
export type PatchAction = 'merge' | 'overwrite' | 'remove';

/** Inputs for `addInputs`: an array, any iterable, or an async iterable (read lazily, batch by batch). */
export type InputSource = Iterable<NewInput> | AsyncIterable<NewInput>;

/** Retry policy. Delays are "full jitter": a random wait in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
export interface RetryOptions {
  /** Attempts in total, the first included. Default 5. */
  maxAttempts?: number;
  /** Default 200 ms. */
  baseDelayMs?: number;
  /** Default 10 000 ms. */
  maxDelayMs?: number;
  /**
   * Deadline of each attempt, within the call's `timeoutMs`. Default 30 000 ms: a hung attempt
   * (a server or connection that never answers) is cut and retried while the call's time lasts.
   * Long enough for a full 8 MiB batch at 2.3 Mbit/s upstream; raise it on slower links.
   */
  attemptTimeoutMs?: number;
}

/** Extra request metadata: a grpc-js `Metadata` or a plain record. */
export type MetadataInit = Metadata | Record<string, string | readonly string[]>;

/** One attempt of one RPC, as seen by `onCall`. Never carries the API key. */
export interface CallEvent {
  /** The RPC name, e.g. `PostInputs`. */
  method: string;
  /** Same for every attempt of one logical call (unique within the process). */
  callId: number;
  /** 1 for the first attempt. Only attempts that were sent are reported: an abort before one (or during a backoff wait) reports nothing more. */
  attempt: number;
  /** When the attempt went out, in ms since the epoch (after any wait for a rate-limiter token). */
  startedAt: number;
  /** From going out to its answer, ms (any wait for a token excluded: see `rateLimitWaitMs`). */
  durationMs: number;
  /** Present when the attempt waited for a token from the rate limiter before going out: how long, ms. */
  rateLimitWaitMs?: number;
  /** How the attempt went out: `'http2'` (PostInputs on the direct path, see `uploadTransport`) or `'grpc-js'`. */
  transport?: 'http2' | 'grpc-js';
  /** gRPC status code of the attempt (0 = OK). */
  grpcCode: number;
  /** Its name, e.g. `UNAVAILABLE`. */
  grpcCodeName: string;
  /** Clarifai status code from the response body, when a response arrived. */
  statusCode?: number;
  /** Its name, e.g. `CONN_THROTTLED`. */
  statusCodeName?: string;
  /** Server request id from the response status, when there is one. */
  reqId?: string;
  /** Inputs (or ids) in this request, for batched RPCs (at most the client's `batchSize`). */
  itemCount?: number;
  /** True when another attempt follows this one. */
  willRetry: boolean;
  /** The wait before the next attempt, when one follows. */
  retryDelayMs?: number;
  /** The error this attempt ended with, if any. */
  error?: Error;
}

/** Constructor options of `InputsClient`. Every field is optional; see README for defaults. */
export interface InputsClientOptions {
  /** Default: env CLARIFAI_PAT, then CLARIFAI_API_KEY. Sent as `authorization: Key <apiKey>`. */
  apiKey?: string;
  /** Default: env CLARIFAI_USER_ID. With appId, sent as user_app_id on every request. */
  userId?: string;
  /** Default: env CLARIFAI_APP_ID. */
  appId?: string;
  /** host:port. Default: env CLARIFAI_GRPC_BASE, else `api.clarifai.com:443`. */
  target?: string;
  /** Plain text instead of TLS (the local emulator). Default false. */
  insecure?: boolean;
  /** PEM root certificates for TLS. Default: the system roots. */
  rootCerts?: Buffer;
  /** Overall deadline of one logical call (retries included), sent to the server. Default 60 000 ms. */
  timeoutMs?: number;
  /** Retry policy, or `false` for one attempt only. */
  retry?: RetryOptions | false;
  /**
   * Paces every request to the service's rate limit (see docs/client.md, "Retries"). Default: a
   * new adaptive `RateLimiter` for this client. Give one instance to every client that shares an
   * API key so they share the limit; `false` turns pacing off (a throttled call is then retried
   * like any other failure, within `retry.maxAttempts`).
   */
  rateLimiter?: RateLimiter | false;
  /** At most this many requests per second, for the default rate limiter (which still slows down further when throttled). Not with `rateLimiter`. */
  maxRequestsPerSecond?: number;
  /** Inputs per PostInputs / ids per DeleteInputs request, 1..128. Default 128. */
  batchSize?: number;
  /** Batches in flight at once. Default 4. */
  concurrency?: number;
  /**
   * Most encoded bytes in one PostInputs request (files measured before they are read).
   * Default 8 MiB (the service's request limit is 128 MB; see docs/client.md for the measurements); an input bigger than this
   * (but within `maxInputBytes`) goes alone in its batch. See docs/client.md, "Adding inputs".
   */
  maxBatchBytes?: number;
  /**
   * Largest input the client sends (encoded size, files included). A bigger (or empty) file is not
   * sent: it ends in `failed` with INPUT_OVER_LIMIT (or INPUT_INVALID_ARGUMENT). Default 20 MiB,
   * the service's documented per-input limit.
   */
  maxInputBytes?: number;
  /** An existing grpc-js channel. `close()` leaves it open: it is yours. */
  channel?: Channel;
  /** Channel credentials to use instead of TLS / insecure. */
  channelCredentials?: ChannelCredentials;
  /** Per-call credentials (e.g. a rotating token). Then `apiKey` is optional. */
  callCredentials?: CallCredentials;
  /** Extra grpc-js channel options, applied over ours. */
  channelOptions?: ChannelOptions;
  /**
   * How PostInputs requests go out. `'http2'` (the default): over Node's own http2, which sends
   * the encoded batch without grpc-js's copy of it (about half the client CPU per GB uploaded;
   * BENCHMARKS.md), whenever the client asks for nothing that only grpc-js provides: no
   * `channel`, `channelCredentials`, `callCredentials` or interceptors, `channelOptions` limited to
   * the message-size, flow-control, keepalive, user-agent and `grpc.ssl_target_name_override`
   * keys, a `host:port` target and no proxy variable in the environment. Otherwise, and with
   * `'grpc-js'`, grpc-js sends them like every other call. Default: env CLARIFAI_UPLOAD_TRANSPORT,
   * else `'http2'`. See docs/client.md, "Adding inputs".
   */
  uploadTransport?: 'http2' | 'grpc-js';
  /** grpc-js client interceptors. */
  interceptors?: Interceptor[];
  /** grpc-js client interceptor providers. */
  interceptorProviders?: InterceptorProvider[];
  /** Metadata sent with every request (merged with per-call metadata). */
  metadata?: MetadataInit;
  /** Called after every attempt of every RPC that was sent. */
  onCall?: (event: CallEvent) => void;
  /**
   * OpenTelemetry: a CLIENT span per logical call (retries as events) and metrics, through the
   * tracer / meter you pass; with `api`, the trace context goes out in the request metadata.
   */
  openTelemetry?: OpenTelemetryOptions;
}

/** Options every method accepts. */
export interface CallOptions {
  /** Aborts the call, its retries and its waits. */
  signal?: AbortSignal;
  /** Overall deadline of this call (retries included). Default: the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Extra metadata for this call; values add to the client's, never silently replace them. */
  metadata?: MetadataInit;
  /**
   * This call's retry policy: `false` for one attempt, or `RetryOptions` whose fields override the
   * client's (`{ maxAttempts: 2 }` keeps the client's delays). Default: the client's `retry`.
   */
  retry?: RetryOptions | false;
}

/** Progress of `addInputs`: inputs settled so far (added + failed), and how many failed. */
export interface AddInputsProgress {
  /** Inputs settled so far: added plus failed. */
  done: number;
  /** Of `done`, those that failed. */
  failed: number;
  /** Known when the source is an array. */
  total?: number;
}

/** Options of `addInputs` and `addInputsInBatches`. `timeoutMs` applies to each batch. */
export interface AddInputsOptions extends CallOptions {
  /** Throw a `ClarifaiPartialFailureError` when any input fails, instead of returning it in `failed`. */
  failOnPartial?: boolean;
  /** Called after each batch with the inputs settled so far. */
  onProgress?: (progress: AddInputsProgress) => void;
  /** Overrides the client's batchSize. */
  batchSize?: number;
  /** Overrides the client's concurrency. */
  concurrency?: number;
  /** Overrides the client's maxBatchBytes. */
  maxBatchBytes?: number;
  /** Overrides the client's maxInputBytes. */
  maxInputBytes?: number;
}

/** One input the service accepted. */
export interface AddedInput {
  /** Its position in the source. */
  index: number;
  /** Its id (yours, or the one the client assigned). */
  id: string;
  /** As the service returned it, without the echoed media bytes (processing continues asynchronously). */
  input: Input;
}

/** Why one item of a batched call failed: the service's per-item status, or the client's own reason. */
export interface ItemFailure {
  /** Its id. */
  id: string;
  /** Its position in the source (or in the patches). */
  index: number;
  /** The Clarifai status, e.g. 30100 (INPUT_DUPLICATE) or 30102 (INPUT_DOES_NOT_EXIST); the same name as in `ClarifaiApiError`. */
  statusCode: StatusCode;
  /** Its name, e.g. `INPUT_DUPLICATE` (`UNKNOWN_<n>` for a code this package does not know). */
  statusCodeName: string;
  /** The status description from the service, or the client's own reason for an item it did not send. */
  description: string;
  /** The status details (e.g. `Input has a duplicate ID.`), when there are any. */
  details: string;
  /**
   * The same value as `statusCode` (its earlier name, kept so existing code works).
   * @deprecated Use `statusCode`.
   */
  code: number;
  /**
   * The same value as `statusCodeName` (its earlier name, kept so existing code works).
   * @deprecated Use `statusCodeName`.
   */
  codeName: string;
}

/** One input the service refused, or the client did not send (too big, empty, or aborted and not found after). */
export interface FailedInput extends ItemFailure {
  /** The input as you gave it (with the id the client assigned, if you gave none). */
  input: NewInput;
}

/** An input whose batch was sent but got no answer (the call failed or was aborted): it may or may not exist now. */
export interface UnconfirmedInput {
  /** The input as you gave it, with the id it was sent with. */
  input: NewInput;
  /** The id it was sent with: add it again with this id. */
  id: string;
  /** Its position in the source. */
  index: number;
}

/** What `addInputsInBatches` yields for each batch as it completes (in completion order). */
export interface AddInputsBatchResult {
  /** The batch's inputs the service accepted. */
  added: AddedInput[];
  /** The batch's inputs that failed, or were not sent (too big, empty). */
  failed: FailedInput[];
}

/** What `addInputs` returns: every input ends up in exactly one of the two lists, each sorted by `index`. */
export interface AddInputsResult {
  /** Accepted inputs, with their position in the source and id. */
  added: AddedInput[];
  /** Refused inputs, and those the client did not send (too big, empty). */
  failed: FailedInput[];
  /**
   * Only in `error.partialResult` when `addInputs` stops on a transport error or an abort: the
   * inputs of the batch(es) whose outcome is unknown. Add them again with the same ids (a
   * duplicate-id failure then means the earlier attempt landed), or look them up by id.
   */
  unconfirmed?: UnconfirmedInput[];
}

/**
 * What `deleteInputs` returns. Each distinct id given ends up in exactly one list, in the order given.
 * An id an earlier attempt of the same call may have deleted (its answer was lost) counts as deleted.
 */
export interface DeleteInputsResult {
  /** Ids that existed when the call started and are gone now. */
  deleted: string[];
  /** Ids the app did not have: nothing to delete (not an error). */
  notFound: string[];
}

/** Options of `patchInputs`. `timeoutMs` applies to each batch. */
export interface PatchInputsOptions extends CallOptions {
  /** Throw a `ClarifaiPartialFailureError` when any patch fails (no further batch starts), instead of returning it in `failed`. */
  failOnPartial?: boolean;
  /** Overrides the client's batchSize. */
  batchSize?: number;
  /** Overrides the client's concurrency. */
  concurrency?: number;
}

/** One input the service patched: its position in the patches, its id, and the input as returned. */
export type PatchedInput = AddedInput;

/** One patch the service refused. */
export interface FailedPatch extends ItemFailure {
  /** The patch as you gave it. */
  input: InputPatch;
}

/** What `patchInputs` returns: every patch ends up in exactly one of the two lists, each sorted by `index`. */
export interface PatchInputsResult {
  /** Patches applied, with the inputs as the service returned them. */
  patched: PatchedInput[];
  /** Patches refused (an unknown id, a bad annotation). */
  failed: FailedPatch[];
}

/** Options of `listInputs` (and `listInputsPage`). */
export interface ListInputsOptions extends CallOptions {
  /** Default 128 (max 1000). */
  perPage?: number;
  /** Only inputs whose processing status has this code (e.g. StatusCode.INPUT_SUCCESS). */
  status?: number;
  /** Only these ids. */
  ids?: readonly string[];
}

/** Options of `listInputsPage`. */
export interface ListInputsPageOptions extends ListInputsOptions {
  /** 1-based. Default 1. */
  page?: number;
}

/** Options of `streamInputs`. */
export interface StreamInputsOptions extends CallOptions {
  /** Default 128 (max 1000). */
  perPage?: number;
  /** Start after this id (exclusive). */
  lastId?: string;
  /** Newest first instead of oldest first. */
  descending?: boolean;
  /** Order by id instead of by creation. */
  orderById?: boolean;
}

/** Progress of `waitForInputs` after each poll: inputs processed (success or failure), failed, and all. */
export interface WaitProgress {
  /** Inputs whose processing ended (success or failure). */
  done: number;
  /** Of `done`, those that ended INPUT_FAILED. */
  failed: number;
  /** Inputs waited for. */
  total: number;
}

/** Options of `waitForInputs`. `timeoutMs` is the whole wait. */
export interface WaitForInputsOptions extends CallOptions {
  /** ListInputs calls of one poll (128 ids each) in flight at once. Default: the client's concurrency. */
  concurrency?: number;
  /** Called after each poll. */
  onProgress?: (progress: WaitProgress) => void;
  /** First poll interval; grows 1.5x per poll up to `maxPollMs`. Default 500 ms. */
  pollMs?: number;
  /** Default 5 000 ms. */
  maxPollMs?: number;
}
