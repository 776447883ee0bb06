/**
 * The wire: one attempt of one RPC, its Clarifai status checked. The innermost step of every
 * call; it sends a copy of the call's metadata (grpc-js may add to the one it is given). A method
 * marked `direct` goes over the direct HTTP/2 transport when the client has one.
 */
import type { CallCredentials, Client } from '@grpc/grpc-js';
import type { Answer, Call, CallResult, Send } from './call';
import { checkStatus } from './check-status';
import { directUnaryCall } from './direct/direct-call';
import type { DirectTransport } from './direct/direct-transport';
import { unaryCall } from './unary-call';

export function sendAttempt(client: Client, callCredentials: CallCredentials | undefined, direct: DirectTransport | undefined): Send {
  return async <Req, Res extends Answer>(call: Call<Req, Res>): Promise<CallResult<Res>> => {
    const { method } = call;
    const attempt = { deadline: new Date(call.deadlineAt), signal: call.options.signal };
    const viaDirect = direct !== undefined && method.direct === true;
    if (call.notes !== undefined) call.notes.transport = viaDirect ? 'http2' : 'grpc-js';
    const response =
      viaDirect
        ? await directUnaryCall(direct.connection, method, call.request, call.metadata, { ...direct.callOptions, ...attempt })
        : await unaryCall(client, method, call.request, call.metadata.clone(), { ...attempt, callCredentials });
    if (call.options.acceptStatus?.(response) !== true) checkStatus(method.name, response.status);
    return { response, attempts: 1 };
  };
}
