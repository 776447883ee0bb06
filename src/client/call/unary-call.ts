/**
 * One attempt of one unary RPC as a promise: the deadline goes to the server, an AbortSignal
 * cancels the call, and every failure becomes a `ClarifaiError` with the original as `cause`.
 */
import { type CallCredentials, type CallOptions, type Client, type Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { ClarifaiAbortError, ClarifaiTransportError } from '../errors';
import type { RpcMethod } from './methods';
import type { Status } from '../../generated/clarifai/api/status/status.pb';

export interface AttemptOptions {
  deadline: Date;
  signal?: AbortSignal;
  callCredentials?: CallCredentials;
}

/** The client-side error for a failed gRPC call. */
export function wrapGrpcError(method: { name: string; idempotent: boolean }, error: ServiceError, signal?: AbortSignal): Error {
  if (signal?.aborted === true && error.code === status.CANCELLED) return new ClarifaiAbortError(method.name, signal.reason);
  return new ClarifaiTransportError(
    { method: method.name, grpcCode: error.code, details: error.details ?? '', idempotent: method.idempotent },
    { cause: error },
  );
}

export function unaryCall<Req, Res extends { status?: Status | undefined }>(
  client: Client,
  method: RpcMethod<Req, Res>,
  request: Req,
  metadata: Metadata,
  options: AttemptOptions,
): Promise<Res> {
  const { signal } = options;
  if (signal?.aborted === true) return Promise.reject(new ClarifaiAbortError(method.name, signal.reason));
  return new Promise<Res>((resolve, reject) => {
    const callOptions: CallOptions = { deadline: options.deadline };
    if (options.callCredentials !== undefined) callOptions.credentials = options.callCredentials;
    const call = client.makeUnaryRequest<Req, Res>(
      method.path,
      method.serialize,
      method.deserialize,
      request,
      metadata,
      callOptions,
      (error, response) => {
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(wrapGrpcError(method, error, signal));
        else if (response === undefined) reject(new ClarifaiTransportError({ method: method.name, grpcCode: status.INTERNAL, details: 'empty response' }));
        else resolve(response);
      },
    );
    // The callback above runs asynchronously, after onAbort exists.
    const onAbort = (): void => call.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
