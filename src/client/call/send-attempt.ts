/**
 * The wire: one attempt of one RPC, its Clarifai status checked. The innermost step of every
 * call; it sends a copy of the call's metadata (grpc-js may add to the one it is given).
 */
import type { CallCredentials, Client } from '@grpc/grpc-js';
import type { Answer, Call, CallResult, Send } from './call';
import { checkStatus } from './check-status';
import { unaryCall } from './unary-call';

export function sendAttempt(client: Client, callCredentials: CallCredentials | undefined): Send {
  return async <Req, Res extends Answer>(call: Call<Req, Res>): Promise<CallResult<Res>> => {
    const response = await unaryCall(client, call.method, call.request, call.metadata.clone(), {
      deadline: new Date(call.deadlineAt),
      signal: call.options.signal,
      callCredentials,
    });
    if (call.options.acceptStatus?.(response) !== true) checkStatus(call.method.name, response.status);
    return { response, attempts: 1 };
  };
}
