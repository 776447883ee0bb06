import type { handleUnaryCall, Metadata, ServerErrorResponse, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { V2Server } from '../../generated/clarifai/api/service.pb';
import type { HandlerContext } from '../handlers/handler-context';
import { newRequestId } from '../service/ids';
import { makeStatus, RequestRefused } from '../service/status';
import { authorize, type AuthConfig } from './auth';
import { GrpcFault } from './grpc-fault';
import { perV2Method, statusOnlyResponse, V2_METHOD_TABLE, type RequestOf, type ResponseOf, type V2MethodName } from './v2-method-table';

/** What a method reads of a call: gRPC's ServerUnaryCall has both, and so does a REST request. */
export interface MethodCall<Req> {
  request: Req;
  metadata: Metadata;
}

/** A unary V2 method as a promise-returning function, so layers (faults, latency) compose. */
export type UnaryMethod<Req, Res> = (call: MethodCall<Req>) => Promise<Res>;

export type V2Methods = { [K in V2MethodName]: UnaryMethod<RequestOf<K>, ResponseOf<K>> };

export interface MethodDeps {
  ctx: HandlerContext;
  auth: AuthConfig;
  log: (line: string) => void;
}

function method<K extends V2MethodName>(name: K, deps: MethodDeps): UnaryMethod<RequestOf<K>, ResponseOf<K>> {
  const { handle } = V2_METHOD_TABLE[name];
  return async (call) => {
    const reqId = newRequestId();
    let res: ResponseOf<K>;
    try {
      const scope = authorize(call.metadata, call.request.userAppId, deps.auth);
      res = await handle(deps.ctx, scope, call.request);
    } catch (err) {
      if (!(err instanceof RequestRefused)) {
        deps.log(`emulator: ${name} failed (req_id ${reqId}): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        throw new GrpcFault(GrpcStatus.INTERNAL, `emulator internal error in ${name} (req_id ${reqId}); nothing was stored`);
      }
      res = statusOnlyResponse(name, makeStatus(err.code, err.details));
    }
    try {
      await deps.ctx.store.durable(); // nothing is acknowledged before it is on disk
    } catch (err) {
      deps.log(`emulator: ${name} (req_id ${reqId}): ${(err as Error).message}`);
      throw new GrpcFault(GrpcStatus.INTERNAL, `emulator could not sync its database to disk after ${name} (req_id ${reqId}); its writes may not survive a crash`);
    }
    if (res.status) res.status.reqId = reqId;
    return res;
  };
}

/** Every V2 method with auth and error handling, before any fault layer. */
export function createV2Methods(deps: MethodDeps): V2Methods {
  return perV2Method<V2Methods>((name) => method(name, deps));
}

type V2Handlers = { [K in V2MethodName]: handleUnaryCall<RequestOf<K>, ResponseOf<K>> };

/** The gRPC status a method's failure is answered with: a GrpcFault's own, else INTERNAL. */
export function grpcStatusOf(err: unknown): { code: GrpcStatus; details: string } {
  return err instanceof GrpcFault ? { code: err.grpcCode, details: err.message } : { code: GrpcStatus.INTERNAL, details: 'emulator internal error' };
}

function adapt<Req, Res>(fn: UnaryMethod<Req, Res>): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    fn(call).then(
      (res) => callback(null, res),
      (err: unknown) => {
        const error: Partial<ServerErrorResponse> = grpcStatusOf(err);
        callback(error);
      },
    );
  };
}

/** The grpc-js implementation object for V2Service. */
export function toV2Server(methods: V2Methods): V2Server {
  const handlers: V2Handlers = perV2Method<V2Handlers>((name) => adapt<RequestOf<typeof name>, ResponseOf<typeof name>>(methods[name]));
  return handlers;
}
