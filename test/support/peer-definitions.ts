/**
 * The official service definition, loaded the way clarifai-nodejs-grpc's own entry point does
 * (its bundled @grpc/proto-loader, keepCase, enums as numbers, defaults, oneofs). Loaded once.
 */
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';

export const OFFICIAL_DIR = path.resolve(__dirname, '../../node_modules/clarifai-nodejs-grpc');

let cached: grpc.ServiceDefinition | undefined;

export function officialV2Service(): grpc.ServiceDefinition {
  if (cached !== undefined) return cached;
  // The package's `exports` hides its own node_modules, so load its proto-loader by path.
  const protoLoader = require(path.join(OFFICIAL_DIR, 'node_modules/@grpc/proto-loader')) as typeof import('@grpc/proto-loader');
  const protoDir = path.join(OFFICIAL_DIR, 'proto');
  const definition = protoLoader.loadSync(
    [
      'clarifai/api/status/status_code.proto',
      'clarifai/api/status/status.proto',
      'clarifai/api/resources.proto',
      'clarifai/api/service_processed.proto',
      'clarifai/api/utils/matrix.proto',
    ].map((file) => path.join(protoDir, file)),
    { keepCase: true, longs: String, enums: Number, defaults: true, oneofs: true },
  );
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    clarifai: { api: { V2: { service: grpc.ServiceDefinition } } };
  };
  cached = loaded.clarifai.api.V2.service;
  return cached;
}
