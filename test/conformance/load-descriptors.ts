import path from 'node:path';
import protobuf from 'protobufjs';
import descriptorJson from 'protobufjs/google/protobuf/descriptor.json';

/** The pinned devDependency that ships the official definitions. */
export const OFFICIAL_DIR = path.resolve(__dirname, '../../node_modules/clarifai-nodejs-grpc');
export const OFFICIAL_FILES = [
  'proto/clarifai/api/resources.proto',
  'proto/clarifai/api/service_processed.proto',
];

// The official files extend descriptor.proto for their custom options; protobufjs ships it as JSON.
protobuf.common('descriptor', descriptorJson.nested.google.nested.protobuf.nested as protobuf.INamespace['nested'] & object);

export const OUR_PROTO_DIR = path.resolve(__dirname, '../../proto');
export const OUR_FILES = ['clarifai/api/service.proto'];

/**
 * Loads proto files (and what they import) into a resolved protobufjs Root, field names kept
 * as written. Imports are looked up under `includeDir`; google/protobuf comes bundled with
 * protobufjs, and the HTTP annotations the official files import are skipped.
 */
export function loadRoot(includeDir: string, files: string[]): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    if (target.startsWith('google/api/')) return null as unknown as string;
    return path.isAbsolute(target) ? target : path.join(includeDir, target);
  };
  root.loadSync(files, { keepCase: true });
  root.resolveAll();
  return root;
}
