/* The official google-protobuf classes from the pinned clarifai-nodejs-grpc devDependency. */
export const officialService = require('clarifai-nodejs-grpc/proto/clarifai/api/service_pb');
export const officialResources = require('clarifai-nodejs-grpc/proto/clarifai/api/resources_pb');
export const officialStatus = require('clarifai-nodejs-grpc/proto/clarifai/api/status/status_pb');
export const { Struct: OfficialStruct } = require('google-protobuf/google/protobuf/struct_pb');
