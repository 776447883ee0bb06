/**
 * `InputsClient`: the typed facade over the Inputs RPCs of `clarifai.api.V2`. One channel per
 * client (or yours), a deadline on every call, retries with backoff, nothing lost or doubled.
 */
import { Metadata, type Client } from '@grpc/grpc-js';
import type { Input, InputCount, InputsAddJob } from '../generated/clarifai/api/resources.pb';
import { addInputs } from './operations/add-inputs';
import { addInputsInBatches } from './operations/add-inputs-in-batches';
import { authMetadata, userAppId } from './call/auth-metadata';
import { createGrpcClient } from './call/channel';
import { resolveConfig } from './config';
import type { ClientContext } from './context';
import { deleteInputs } from './operations/delete-inputs';
import { ClarifaiError, ClarifaiPartialFailureError, ClarifaiValidationError } from './errors';
import { createInvoke } from './call/invoke';
import { createDirectTransport, type DirectTransport } from './call/direct/direct-transport';
import { openTelemetryLayer } from './call/open-telemetry';
import { pacingLayer } from './call/pacing/pacing-layer';
import type { RateLimiter } from './call/pacing/rate-limiter';
import { resolveCallOptions, type CallDefaults, type CallSettings } from './call-options';
import { mergeMetadata } from './call/metadata';
import { methods } from './call/methods';
import { listInputs, listInputsPage, streamInputs } from './operations/pagination';
import { patchInputs } from './operations/patch-inputs';
import type {
  AddInputsBatchResult,
  AddInputsOptions,
  AddInputsResult,
  CallOptions,
  DeleteInputsResult,
  InputPatch,
  InputSource,
  InputsClientOptions,
  ListInputsOptions,
  ListInputsPageOptions,
  NewInput,
  PatchAction,
  PatchInputsOptions,
  PatchInputsResult,
  StreamInputsOptions,
  WaitForInputsOptions,
} from './types';
import { REQUEST_ID_PREFIX } from './version';
import { waitForInputs } from './operations/wait-for-inputs';

const REQUEST_ID_HEADER = 'x-clarifai-request-id-prefix';
/** After our primary user agent on the direct transport, where grpc-js puts `grpc-node-js/<version>`. */
const DIRECT_USER_AGENT = `node-http2/${process.versions.node}`;

export class InputsClient {
  // Private fields: never shown by console.log / util.inspect / JSON.stringify, so the key stays hidden.
  readonly #grpc: Client;
  readonly #ownsChannel: boolean;
  readonly #direct: DirectTransport | undefined;
  readonly #ctx: ClientContext;
  readonly #defaults: CallDefaults;
  #closed = false;

  /** The host:port this client talks to. */
  readonly target: string;
  /** The limiter pacing this client's requests (`currentRate`, `describe()`); undefined with `rateLimiter: false`. */
  readonly rateLimiter: RateLimiter | undefined;

  constructor(options: InputsClientOptions = {}) {
    const config = resolveConfig(options);
    const base = new Metadata();
    const reserved = new Set<string>([REQUEST_ID_HEADER]);
    if (config.apiKey !== undefined) {
      authMetadata(config.apiKey, base);
      reserved.add('authorization');
    }
    base.set(REQUEST_ID_HEADER, REQUEST_ID_PREFIX);
    const clientMetadata = mergeMetadata(base, reserved, options.metadata);
    const { client, ownsChannel } = createGrpcClient(config.target, options);
    const direct = createDirectTransport(config.target, { ...options, uploadTransport: config.uploadTransport }, DIRECT_USER_AGENT);
    this.#grpc = client;
    this.#direct = direct;
    this.#ownsChannel = ownsChannel;
    this.target = config.target;
    this.rateLimiter = config.rateLimiter;
    this.#defaults = { retry: config.retry, metadata: (extra) => mergeMetadata(clientMetadata, reserved, extra) };
    this.#ctx = {
      invoke: createInvoke({
        client,
        callCredentials: options.callCredentials,
        direct,
        metadata: clientMetadata,
        timeoutMs: config.timeoutMs,
        retry: config.retry,
        perAttempt: config.rateLimiter === undefined ? [] : [pacingLayer(config.rateLimiter)],
        onCall: options.onCall,
        around: options.openTelemetry === undefined ? [] : [openTelemetryLayer(options.openTelemetry)],
      }),
      userAppId: userAppId(config.userId, config.appId),
      batchSize: config.batchSize,
      concurrency: config.concurrency,
      timeoutMs: config.timeoutMs,
      maxBatchBytes: config.maxBatchBytes,
      maxInputBytes: config.maxInputBytes,
    };
  }

  /**
   * Adds inputs in batches. Every input ends up in exactly one of `added` and `failed`; a
   * partly refused batch (MIXED_STATUS) is a result, unless `failOnPartial` is set.
   */
  addInputs(inputs: InputSource, options: AddInputsOptions = {}): Promise<AddInputsResult> {
    return this.#run(() => addInputs(this.#ctx, inputs, options, this.#settings(options)));
  }

  /**
   * Adds inputs in batches and yields each batch's `{ added, failed }` as it completes (completion
   * order; within a batch, by position). Keeps no results, so a source of any length fits in
   * constant memory. Options and the source are checked at the call. On a stop (an error, an
   * abort, `failOnPartial`) it throws after the batches in flight end; `error.partialResult`
   * holds what was not yielded.
   */
  addInputsInBatches(inputs: InputSource, options: AddInputsOptions = {}): AsyncGenerator<AddInputsBatchResult, void, undefined> {
    this.#checkOpen();
    return addInputsInBatches(this.#ctx, inputs, options, this.#settings(options));
  }

  /** Adds one input and returns it as stored; a refusal is thrown as `ClarifaiPartialFailureError`. */
  addInput(input: NewInput, options: CallOptions = {}): Promise<Input> {
    return this.#run(async () => {
      const result = await addInputs(this.#ctx, [input], { failOnPartial: true, concurrency: 1 }, this.#settings(options));
      const added = result.added[0];
      if (added === undefined) throw new ClarifaiPartialFailureError(result);
      return added.input;
    });
  }

  /** Every input (optionally filtered), fetched lazily page by page. */
  listInputs(options: ListInputsOptions = {}): AsyncGenerator<Input, void, undefined> {
    this.#checkOpen();
    return listInputs(this.#ctx, options, this.#settings(options));
  }

  /** One page of ListInputs (page 1 by default). */
  listInputsPage(options: ListInputsPageOptions = {}): Promise<Input[]> {
    return this.#run(async () => listInputsPage(this.#ctx, options, this.#settings(options)));
  }

  /** Every input in creation (or id) order, driven by the last_id cursor; constant memory. */
  streamInputs(options: StreamInputsOptions = {}): AsyncGenerator<Input, void, undefined> {
    this.#checkOpen();
    return streamInputs(this.#ctx, options, this.#settings(options));
  }

  /** One input by id, as stored; an unknown id throws `ClarifaiApiError` (CONN_DOES_NOT_EXIST). */
  getInput(id: string, options: CallOptions = {}): Promise<Input> {
    return this.#run(async () => {
      if (typeof id !== 'string' || id === '') throw new ClarifaiValidationError('getInput: id must be a non-empty string', { path: 'id' });
      const settings = this.#settings(options);
      const { response } = await this.#ctx.invoke(methods.getInput, { userAppId: this.#ctx.userAppId, inputId: id }, settings);
      if (response.input === undefined) throw new ClarifaiError(`getInput: the answer for ${JSON.stringify(id)} carried no input`, { method: 'GetInput' });
      return response.input;
    });
  }

  /**
   * Applies concept / metadata / dataset / geo changes; `action` is merge, overwrite or remove.
   * Every patch ends in `patched` or `failed` (e.g. INPUT_DOES_NOT_EXIST), unless `failOnPartial`.
   */
  patchInputs(patches: readonly InputPatch[], action: PatchAction, options: PatchInputsOptions = {}): Promise<PatchInputsResult> {
    return this.#run(async () => patchInputs(this.#ctx, patches, action, options, this.#settings(options)));
  }

  /**
   * Deletes inputs by id, in batches, and says which ids were deleted and which were not there.
   * Unknown ids are never an error, so a retried or rerun delete succeeds once the inputs are gone.
   */
  deleteInputs(ids: Iterable<string>, options: CallOptions = {}): Promise<DeleteInputsResult> {
    return this.#run(async () => deleteInputs(this.#ctx, ids, this.#settings(options)));
  }

  /** Counters of the app's inputs by processing state. */
  getInputCount(options: CallOptions = {}): Promise<InputCount> {
    return this.#run(async () => {
      const { response } = await this.#ctx.invoke(methods.getInputCount, { userAppId: this.#ctx.userAppId }, this.#settings(options));
      if (response.counts === undefined) throw new ClarifaiError('getInputCount: the answer carried no counts', { method: 'GetInputCount' });
      return response.counts;
    });
  }

  /**
   * The inputs-add job `id` (named by `inputs_add_job_id` in a PostInputs, as the official SDKs
   * do): its `progress` counts and its status. An unknown id throws `ClarifaiApiError`
   * (CONN_DOES_NOT_EXIST).
   */
  getInputsAddJob(id: string, options: CallOptions = {}): Promise<InputsAddJob> {
    return this.#run(async () => {
      if (typeof id !== 'string' || id === '') throw new ClarifaiValidationError('getInputsAddJob: id must be a non-empty string', { path: 'id' });
      const { response } = await this.#ctx.invoke(methods.getInputsAddJob, { userAppId: this.#ctx.userAppId, id }, this.#settings(options));
      if (response.inputsAddJob === undefined) {
        throw new ClarifaiError(`getInputsAddJob: the answer for ${JSON.stringify(id)} carried no job`, { method: 'GetInputsAddJob' });
      }
      return response.inputsAddJob;
    });
  }

  /** Polls until every input is processed (INPUT_SUCCESS or INPUT_FAILED); returns their final states. */
  waitForInputs(ids: readonly string[], options: WaitForInputsOptions = {}): Promise<Input[]> {
    return this.#run(async () => waitForInputs(this.#ctx, ids, options, this.#settings(options)));
  }

  /** Releases the channel (unless it was passed in: a shared channel stays open). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsChannel) this.#grpc.close();
    this.#direct?.connection.close();
  }

  /** `await using client = new InputsClient(...)`: closes the client when the scope ends. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new ClarifaiError('InputsClient is closed');
  }

  /** Per-call options, checked and resolved once, here, for every layer below. */
  #settings(options: CallOptions): CallSettings {
    return resolveCallOptions(options, this.#defaults);
  }

  async #run<T>(operation: () => Promise<T>): Promise<T> {
    this.#checkOpen();
    return operation();
  }

  /** What `JSON.stringify(client)` shows: the target only, never the key. */
  toJSON(): {
    /** The host:port this client talks to. */
    target: string;
  } {
    return { target: this.target };
  }
}
