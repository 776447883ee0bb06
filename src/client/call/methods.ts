/**
 * The Inputs RPCs as the facade calls them. Built from the generated message codecs, with a
 * serializer that wraps the encoded bytes in a Buffer without copying them (the generated
 * `requestSerialize` copies every request once more, which matters for 128-image batches).
 * PostInputs goes through `encodePostInputs`, which copies each image's bytes once (the
 * generated writer copies them several times; BENCHMARKS.md, section 2), and its answer through
 * `decodePostInputsAnswer`, which leaves each echoed input encoded until it is read.
 */
import {
  DeleteInputsRequest,
  GetInputCountRequest,
  GetInputRequest,
  GetInputsAddJobRequest,
  ListInputsRequest,
  MultiInputResponse,
  PatchInputsRequest,
  PostInputsRequest,
  SingleInputCountResponse,
  SingleInputResponse,
  SingleInputsAddJobResponse,
  StreamInputsRequest,
} from '../../generated/clarifai/api/service.pb';
import { BaseResponse, type Status } from '../../generated/clarifai/api/status/status.pb';
import type { BinaryWriter } from '@bufbuild/protobuf/wire';
import { encodePostInputs } from '../inputs/encode-post-inputs';
import { decodePostInputsAnswer } from '../inputs/post-inputs-answer';

interface Codec<T> {
  encode(message: T): BinaryWriter;
  decode(input: Uint8Array): T;
}

/** One unary RPC: its name for messages, its path on the wire, and its codecs. */
export interface RpcMethod<Req, Res extends { status?: Status | undefined }> {
  readonly name: string;
  readonly path: string;
  /**
   * True when another attempt can change nothing twice, so it is retried on DEADLINE_EXCEEDED and
   * RESOURCE_EXHAUSTED too. PostInputs qualifies: every input carries an id set before sending,
   * and post-batch.ts confirms duplicate-id answers of a retried batch by id.
   */
  readonly idempotent: boolean;
  /** May go over the direct HTTP/2 transport (direct/direct-call.ts) instead of grpc-js. */
  readonly direct?: boolean;
  serialize(request: Req): Buffer;
  deserialize(bytes: Buffer): Res;
}

/** A view over the encoded bytes: no copy. */
export function zeroCopyBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function define<Req, Res extends { status?: Status | undefined }>(
  name: string,
  idempotent: boolean,
  request: Codec<Req>,
  response: Codec<Res>,
): RpcMethod<Req, Res> {
  return {
    name,
    path: `/clarifai.api.V2/${name}`,
    idempotent,
    serialize: (value) => zeroCopyBuffer(request.encode(value).finish()),
    deserialize: (bytes) => response.decode(bytes),
  };
}

export const methods = {
  postInputs: { ...define('PostInputs', true, PostInputsRequest, MultiInputResponse), serialize: encodePostInputs, deserialize: decodePostInputsAnswer, direct: true },
  listInputs: define('ListInputs', true, ListInputsRequest, MultiInputResponse),
  streamInputs: define('StreamInputs', true, StreamInputsRequest, MultiInputResponse),
  getInput: define('GetInput', true, GetInputRequest, SingleInputResponse),
  patchInputs: define('PatchInputs', false, PatchInputsRequest, MultiInputResponse),
  deleteInputs: define('DeleteInputs', true, DeleteInputsRequest, BaseResponse),
  getInputCount: define('GetInputCount', true, GetInputCountRequest, SingleInputCountResponse),
  getInputsAddJob: define('GetInputsAddJob', true, GetInputsAddJobRequest, SingleInputsAddJobResponse),
};
