import type { status as GrpcStatus } from '@grpc/grpc-js';

/** An error answered as a gRPC status instead of a Clarifai one (transport-level failures). */
export class GrpcFault extends Error {
  constructor(
    readonly grpcCode: GrpcStatus,
    message: string,
  ) {
    super(message);
    this.name = 'GrpcFault';
  }
}
