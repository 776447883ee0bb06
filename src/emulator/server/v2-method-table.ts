import {
  CancelInputsAddJobRequest,
  DeleteInputRequest,
  DeleteInputsRequest,
  GetInputCountRequest,
  GetInputRequest,
  GetInputsAddJobRequest,
  ListInputsAddJobsRequest,
  ListInputsRequest,
  MultiInputResponse,
  MultiInputsAddJobResponse,
  PatchInputsRequest,
  PostInputsRequest,
  SingleInputCountResponse,
  SingleInputResponse,
  SingleInputsAddJobResponse,
  StreamInputsRequest,
  V2Service,
} from '../../generated/clarifai/api/service.pb';
import { BaseResponse, type Status } from '../../generated/clarifai/api/status/status.pb';
import type { UserAppIDSet } from '../../generated/clarifai/api/resources.pb';
import { deleteInput, deleteInputs } from '../handlers/delete-inputs';
import { getInput } from '../handlers/get-input';
import { getInputCount } from '../handlers/get-input-count';
import type { HandlerContext } from '../handlers/handler-context';
import { cancelInputsAddJob, getInputsAddJob, listInputsAddJobs } from '../handlers/inputs-add-jobs';
import { listInputs } from '../handlers/list-inputs';
import { patchInputs } from '../handlers/patch-inputs';
import { postInputs } from '../handlers/post-inputs';
import { streamInputs } from '../handlers/stream-inputs';
import type { AppScope } from '../store/stored-data';

/** The V2 methods the emulator serves, named as in the generated service definition. */
export type V2MethodName = keyof typeof V2Service;
export type RequestOf<K extends V2MethodName> = Parameters<(typeof V2Service)[K]['requestSerialize']>[0];
export type ResponseOf<K extends V2MethodName> = Parameters<(typeof V2Service)[K]['responseSerialize']>[0];

/** The generated JSON codec of one message type. */
export interface MessageCodec<T> {
  fromJSON(object: unknown): T;
  toJSON(message: T): unknown;
}

/** A response message: every one has a `status`. */
export interface ResponseCodec<T> extends MessageCodec<T> {
  fromPartial(object: { status?: Status }): T;
}

/**
 * The emulated service's rule for one method: request in, response out (or RequestRefused). A
 * promise of the response where the handler waits for I/O (PostInputs writes bytes first).
 */
export type Handler<Req, Res> = (ctx: HandlerContext, scope: AppScope, req: Req) => Res | Promise<Res>;

export interface MethodEntry<K extends V2MethodName> {
  handle: Handler<RequestOf<K>, ResponseOf<K>>;
  request: MessageCodec<RequestOf<K>>;
  response: ResponseCodec<ResponseOf<K>>;
}

/**
 * The one list of methods: each V2 method's handler and message codecs. Paths and binary
 * serializers come from the generated `V2Service`; a method added to the proto fails to compile
 * here until it has an entry.
 */
export const V2_METHOD_TABLE: { [K in V2MethodName]: MethodEntry<K> } = {
  postInputs: { handle: postInputs, request: PostInputsRequest, response: MultiInputResponse },
  listInputs: { handle: listInputs, request: ListInputsRequest, response: MultiInputResponse },
  streamInputs: { handle: streamInputs, request: StreamInputsRequest, response: MultiInputResponse },
  getInput: { handle: getInput, request: GetInputRequest, response: SingleInputResponse },
  patchInputs: { handle: patchInputs, request: PatchInputsRequest, response: MultiInputResponse },
  deleteInput: { handle: deleteInput, request: DeleteInputRequest, response: BaseResponse },
  deleteInputs: { handle: deleteInputs, request: DeleteInputsRequest, response: BaseResponse },
  getInputCount: { handle: getInputCount, request: GetInputCountRequest, response: SingleInputCountResponse },
  listInputsAddJobs: { handle: listInputsAddJobs, request: ListInputsAddJobsRequest, response: MultiInputsAddJobResponse },
  getInputsAddJob: { handle: getInputsAddJob, request: GetInputsAddJobRequest, response: SingleInputsAddJobResponse },
  cancelInputsAddJob: { handle: cancelInputsAddJob, request: CancelInputsAddJobRequest, response: SingleInputsAddJobResponse },
};

export const V2_METHOD_NAMES = Object.keys(V2Service) as V2MethodName[];

/** A request that may name the app it acts on (every V2 request does). */
export type ScopedRequest = { userAppId?: UserAppIDSet | undefined };

/** The response carrying only `status`: how every refusal and injected fault is answered. */
export function statusOnlyResponse<K extends V2MethodName>(name: K, status: Status): ResponseOf<K> {
  const entry: MethodEntry<K> = V2_METHOD_TABLE[name];
  return entry.response.fromPartial({ status });
}

/**
 * Builds an object with one value per V2 method, `make(name)` for each. TypeScript cannot relate
 * a value made for a generic method name to that method's slot of a mapped type, so this is the
 * one place that asserts it; `make` itself is checked generically (see `createV2Methods`).
 */
export function perV2Method<T extends { [K in V2MethodName]: unknown }>(make: <K extends V2MethodName>(name: K) => unknown): T {
  return Object.fromEntries(V2_METHOD_NAMES.map((name) => [name, make(name)])) as T;
}
