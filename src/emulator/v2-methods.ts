import type { ServerUnaryCall, handleUnaryCall, sendUnaryData, ServerErrorResponse } from '@grpc/grpc-js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { UserAppIDSet } from '../generated/clarifai/api/resources.pb';
import {
  DeleteInputRequest,
  DeleteInputsRequest,
  GetInputCountRequest,
  GetInputRequest,
  ListInputsRequest,
  MultiInputResponse,
  PatchInputsRequest,
  PostInputsRequest,
  SingleInputCountResponse,
  SingleInputResponse,
  StreamInputsRequest,
  type V2Server,
} from '../generated/clarifai/api/service.pb';
import { BaseResponse, type Status } from '../generated/clarifai/api/status/status.pb';
import { authorize, type AuthConfig } from './auth';
import { deleteInput, deleteInputs } from './handlers/delete-inputs';
import { getInput } from './handlers/get-input';
import { getInputCount } from './handlers/get-input-count';
import type { HandlerContext } from './handlers/handler-context';
import { listInputs } from './handlers/list-inputs';
import { patchInputs } from './handlers/patch-inputs';
import { postInputs } from './handlers/post-inputs';
import { streamInputs } from './handlers/stream-inputs';
import { newRequestId } from './ids';
import { makeStatus, RequestRefused } from './status';
import type { AppScope } from './store/stored-data';

/** A unary V2 method as a promise-returning function, so layers (faults, latency) compose. */
export type UnaryMethod<Req, Res> = (call: ServerUnaryCall<Req, Res>) => Promise<Res>;

export interface V2Methods {
  postInputs: UnaryMethod<PostInputsRequest, MultiInputResponse>;
  listInputs: UnaryMethod<ListInputsRequest, MultiInputResponse>;
  streamInputs: UnaryMethod<StreamInputsRequest, MultiInputResponse>;
  getInput: UnaryMethod<GetInputRequest, SingleInputResponse>;
  patchInputs: UnaryMethod<PatchInputsRequest, MultiInputResponse>;
  deleteInput: UnaryMethod<DeleteInputRequest, BaseResponse>;
  deleteInputs: UnaryMethod<DeleteInputsRequest, BaseResponse>;
  getInputCount: UnaryMethod<GetInputCountRequest, SingleInputCountResponse>;
}

export type V2MethodName = keyof V2Methods;

/** For each method, its response carrying only a status (how every refusal is answered). */
export const statusOnlyResponse: { [K in V2MethodName]: (status: Status) => Awaited<ReturnType<V2Methods[K]>> } = {
  postInputs: (status) => MultiInputResponse.fromPartial({ status }),
  listInputs: (status) => MultiInputResponse.fromPartial({ status }),
  streamInputs: (status) => MultiInputResponse.fromPartial({ status }),
  getInput: (status) => SingleInputResponse.fromPartial({ status }),
  patchInputs: (status) => MultiInputResponse.fromPartial({ status }),
  deleteInput: (status) => BaseResponse.fromPartial({ status }),
  deleteInputs: (status) => BaseResponse.fromPartial({ status }),
  getInputCount: (status) => SingleInputCountResponse.fromPartial({ status }),
};

/** An error answered as a gRPC status instead of a Clarifai one (transport-level failures). */
export class GrpcFault extends Error {
  constructor(
    readonly grpcCode: GrpcStatus,
    message: string,
  ) {
    super(message);
    this.name = 'GrpcFault';
  }
}

export interface MethodDeps {
  ctx: HandlerContext;
  auth: AuthConfig;
  log: (line: string) => void;
}

type Handler<Req, Res> = (ctx: HandlerContext, scope: AppScope, req: Req) => Res | Promise<Res>;

function method<K extends V2MethodName, Req extends { userAppId?: UserAppIDSet | undefined }, Res extends { status?: Status | undefined }>(
  name: K,
  handler: Handler<Req, Res>,
  deps: MethodDeps,
): UnaryMethod<Req, Res> {
  const refuse = statusOnlyResponse[name] as unknown as (status: Status) => Res;
  return async (call) => {
    const reqId = newRequestId();
    let res: Res;
    try {
      const scope = authorize(call.metadata, call.request.userAppId, deps.auth);
      res = await handler(deps.ctx, scope, call.request);
    } catch (err) {
      if (!(err instanceof RequestRefused)) {
        deps.log(`emulator: ${name} failed (req_id ${reqId}): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        throw new GrpcFault(GrpcStatus.INTERNAL, `emulator internal error in ${name} (req_id ${reqId}); nothing was stored`);
      }
      res = refuse(makeStatus(err.code, err.details));
    }
    if (res.status) res.status.reqId = reqId;
    return res;
  };
}

/** The eight Inputs RPCs with auth and error handling, before any fault layer. */
export function createV2Methods(deps: MethodDeps): V2Methods {
  return {
    postInputs: method('postInputs', postInputs, deps),
    listInputs: method('listInputs', listInputs, deps),
    streamInputs: method('streamInputs', streamInputs, deps),
    getInput: method('getInput', getInput, deps),
    patchInputs: method('patchInputs', patchInputs, deps),
    deleteInput: method('deleteInput', deleteInput, deps),
    deleteInputs: method('deleteInputs', deleteInputs, deps),
    getInputCount: method('getInputCount', getInputCount, deps),
  };
}

function adapt<Req, Res>(fn: UnaryMethod<Req, Res>): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    fn(call).then(
      (res) => callback(null, res),
      (err: unknown) => {
        const error: Partial<ServerErrorResponse> =
          err instanceof GrpcFault ? { code: err.grpcCode, details: err.message } : { code: GrpcStatus.INTERNAL, details: 'emulator internal error' };
        callback(error);
      },
    );
  };
}

/** The grpc-js implementation object for V2Service. */
export function toV2Server(methods: V2Methods): V2Server {
  return {
    postInputs: adapt(methods.postInputs),
    listInputs: adapt(methods.listInputs),
    streamInputs: adapt(methods.streamInputs),
    getInput: adapt(methods.getInput),
    patchInputs: adapt(methods.patchInputs),
    deleteInput: adapt(methods.deleteInput),
    deleteInputs: adapt(methods.deleteInputs),
    getInputCount: adapt(methods.getInputCount),
  };
}
