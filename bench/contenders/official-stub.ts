/**
 * The official `clarifai-nodejs-grpc` stub, built the way its `ClarifaiStub.grpc()` builds it (the
 * package's own proto-loader over its shipped protos, keepCase, the same loader and channel
 * options) but against a local insecure target: `ClarifaiStub` only speaks TLS to a fixed host.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ChannelOptions, Client, Metadata, ServiceError } from '@grpc/grpc-js';

const entry = require.resolve('clarifai-nodejs-grpc');
const officialRequire = createRequire(entry);
const PROTO_PATH = path.join(path.dirname(entry), '../proto');

type Callback = (error: ServiceError | null, response: any) => void;
export type OfficialClient = Client & Record<string, (request: unknown, metadata: Metadata, callback: Callback) => unknown>;

export function officialGrpc(): typeof import('@grpc/grpc-js') {
  return officialRequire('@grpc/grpc-js');
}

let loaded: any;

/** The package definition `ClarifaiStub` loads: method paths with their (de)serializers. */
export function officialDefinition(): any {
  if (loaded !== undefined) return loaded;
  const protoLoader = officialRequire('@grpc/proto-loader');
  loaded = protoLoader.loadSync(
    [
      `${PROTO_PATH}/clarifai/api/status/status_code.proto`,
      `${PROTO_PATH}/clarifai/api/status/status.proto`,
      `${PROTO_PATH}/clarifai/api/resources.proto`,
      `${PROTO_PATH}/clarifai/api/service_processed.proto`,
      `${PROTO_PATH}/clarifai/api/utils/matrix.proto`,
    ],
    { keepCase: true, longs: String, enums: Number, defaults: true, oneofs: true },
  );
  return loaded;
}

export function createOfficialClient(target: string, channelOptions: ChannelOptions = {}): OfficialClient {
  const grpc = officialGrpc();
  const descriptor = grpc.loadPackageDefinition(officialDefinition()) as any;
  const options = {
    'grpc.max_receive_message_length': 1024 * 1024 * 1024,
    'grpc.max_send_message_length': 1024 * 1024 * 1024,
    ...channelOptions,
  };
  return new descriptor.clarifai.api.V2(target, grpc.credentials.createInsecure(), options) as OfficialClient;
}

/** One unary call of the official stub as a promise. */
export function callOfficial(client: OfficialClient, method: string, request: unknown, metadata: Metadata): Promise<any> {
  return new Promise((resolve, reject) => {
    const fn = client[method];
    if (typeof fn !== 'function') throw new Error(`official stub has no method ${method}`);
    fn.call(client, request, metadata, (error: ServiceError | null, response: any) => (error ? reject(error) : resolve(response)));
  });
}
