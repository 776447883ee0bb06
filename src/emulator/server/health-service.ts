import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { status as GrpcStatus, type handleServerStreamingCall, type handleUnaryCall, type ServerWritableStream, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';

/** grpc.health.v1 ServingStatus. */
export enum ServingStatus {
  UNKNOWN = 0,
  SERVING = 1,
  NOT_SERVING = 2,
  SERVICE_UNKNOWN = 3,
}

interface HealthCheckRequest {
  service: string;
}
interface HealthCheckResponse {
  status: ServingStatus;
}

function decodeRequest(buf: Buffer): HealthCheckRequest {
  const reader = new BinaryReader(buf);
  let service = '';
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === WireType.LengthDelimited) service = reader.string();
    else reader.skip(wireType);
  }
  return { service };
}

const encodeRequest = (req: HealthCheckRequest): Buffer => Buffer.from(new BinaryWriter().uint32(10).string(req.service).finish());

function decodeResponse(buf: Buffer): HealthCheckResponse {
  const reader = new BinaryReader(buf);
  let status = ServingStatus.UNKNOWN;
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === WireType.Varint) status = reader.int32();
    else reader.skip(wireType);
  }
  return { status };
}

const encodeResponse = (res: HealthCheckResponse): Buffer => Buffer.from(new BinaryWriter().uint32(8).int32(res.status).finish());

/** The grpc.health.v1.Health service, declared by hand (two tiny messages, no proto loading). */
export const HealthService = {
  check: {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    requestSerialize: encodeRequest,
    requestDeserialize: decodeRequest,
    responseSerialize: encodeResponse,
    responseDeserialize: decodeResponse,
  },
  watch: {
    path: '/grpc.health.v1.Health/Watch',
    requestStream: false,
    responseStream: true,
    requestSerialize: encodeRequest,
    requestDeserialize: decodeRequest,
    responseSerialize: encodeResponse,
    responseDeserialize: decodeResponse,
  },
} satisfies ServiceDefinition;

/**
 * Health answers for `""` (the whole server) and each named service. `shutdown()` reports
 * NOT_SERVING to watchers and ends their streams so the server can close.
 */
export class HealthState {
  private serving = true;
  private readonly watchers = new Set<ServerWritableStream<HealthCheckRequest, HealthCheckResponse>>();

  constructor(private readonly services: readonly string[]) {}

  private statusOf(service: string): ServingStatus | undefined {
    if (service !== '' && !this.services.includes(service)) return undefined;
    return this.serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
  }

  implementation(): UntypedServiceImplementation {
    const check: handleUnaryCall<HealthCheckRequest, HealthCheckResponse> = (call, callback) => {
        const status = this.statusOf(call.request.service);
        if (status === undefined) callback({ code: GrpcStatus.NOT_FOUND, details: `unknown service ${JSON.stringify(call.request.service)}` });
      else callback(null, { status });
    };
    const watch: handleServerStreamingCall<HealthCheckRequest, HealthCheckResponse> = (call) => {
        call.write({ status: this.statusOf(call.request.service) ?? ServingStatus.SERVICE_UNKNOWN });
        if (!this.serving) {
          call.end();
          return;
        }
        this.watchers.add(call);
        call.on('cancelled', () => this.watchers.delete(call));
    };
    return { check, watch };
  }

  shutdown(): void {
    this.serving = false;
    for (const call of this.watchers) {
      call.write({ status: ServingStatus.NOT_SERVING });
      call.end();
    }
    this.watchers.clear();
  }
}
