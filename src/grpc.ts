/**
 * `clarifai-inputs/grpc`: the generated stubs without the facade, for services that already
 * speak gRPC. The V2 client class and service definition work with any grpc-js channel or server.
 */
export * from './generated/clarifai/api/service.pb';
export * from './generated/clarifai/api/resources.pb';
export * from './generated/clarifai/api/status/status.pb';
export * from './generated/clarifai/api/status/status_code.pb';
export { statusCodeName } from './status-code-name';
/** Builds `authorization: Key …` metadata and `user_app_id` for calls made with the raw stubs. */
export { authMetadata, userAppId } from './client/call/auth-metadata';
