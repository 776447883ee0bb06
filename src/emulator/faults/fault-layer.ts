import { setTimeout as sleep } from 'node:timers/promises';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { newRequestId } from '../service/ids';
import { makeStatus } from '../service/status';
import { GrpcFault } from '../server/grpc-fault';
import { perV2Method, statusOnlyResponse, type RequestOf, type ResponseOf, type V2MethodName } from '../server/v2-method-table';
import type { UnaryMethod, V2Methods } from '../server/v2-methods';
import type { FaultCode, ResolvedFaults } from './fault-options';
import { seededRandom } from './seeded-random';
import { TokenBucket } from './token-bucket';

const GRPC_FAULTS: Partial<Record<FaultCode, GrpcStatus>> = {
  UNAVAILABLE: GrpcStatus.UNAVAILABLE,
  DEADLINE_EXCEEDED: GrpcStatus.DEADLINE_EXCEEDED,
  RESOURCE_EXHAUSTED: GrpcStatus.RESOURCE_EXHAUSTED,
};

const CLARIFAI_FAULTS: Partial<Record<FaultCode, StatusCode>> = {
  CONN_THROTTLED: StatusCode.CONN_THROTTLED,
  RPC_SERVER_UNAVAILABLE: StatusCode.RPC_SERVER_UNAVAILABLE,
};

/** True when any fault control is on, so the layer is worth adding. */
export function faultsEnabled(f: ResolvedFaults): boolean {
  return f.rate > 0 || f.latency.ms > 0 || f.latency.jitterMs > 0 || f.throttleRps !== undefined;
}

/**
 * Wraps the V2 methods with the fault controls, in this order: latency, throttle (answers
 * CONN_THROTTLED over the rate), then with probability `rate` one of the fault codes, either
 * before the call runs (nothing stored) or after it ran (stored, answer dropped). gRPC codes
 * fail the call; Clarifai codes answer gRPC OK with that status. When `closing` aborts (the
 * server is down, the db about to close), calls still in the latency wait end at once with
 * UNAVAILABLE and never reach the store.
 */
export function withFaults(methods: V2Methods, f: ResolvedFaults, now?: () => number, closing?: AbortSignal): V2Methods {
  const random = seededRandom(f.seed);
  const bucket = f.throttleRps === undefined ? undefined : new TokenBucket(f.throttleRps, now);
  const wrap = <K extends V2MethodName>(name: K): UnaryMethod<RequestOf<K>, ResponseOf<K>> => {
    const inner: UnaryMethod<RequestOf<K>, ResponseOf<K>> = methods[name];
    const fault = (code: FaultCode): ResponseOf<K> => {
      const grpcCode = GRPC_FAULTS[code];
      const details = `injected fault ${code} (phase ${f.phase}) in ${name}`;
      if (grpcCode !== undefined) throw new GrpcFault(grpcCode, details);
      return statusOnlyResponse(name, makeStatus(CLARIFAI_FAULTS[code] as StatusCode, details, newRequestId()));
    };
    return async (call) => {
      const wait = f.latency.ms + (f.latency.jitterMs > 0 ? (random() * 2 - 1) * f.latency.jitterMs : 0);
      // An aborted wait rejects with an AbortError; either way the check below answers UNAVAILABLE.
      if (wait > 0) await sleep(wait, undefined, { signal: closing }).catch(() => undefined);
      if (closing?.aborted) throw new GrpcFault(GrpcStatus.UNAVAILABLE, 'the emulator is shutting down');
      if (bucket && !bucket.take()) {
        return statusOnlyResponse(name, makeStatus(StatusCode.CONN_THROTTLED, `over the emulator's throttle of ${f.throttleRps} calls per second`, newRequestId()));
      }
      const picked = f.rate > 0 && random() < f.rate ? f.codes[Math.floor(random() * f.codes.length)] : undefined;
      if (picked && f.phase === 'before') return fault(picked);
      const res = await inner(call);
      if (picked) return fault(picked);
      return res;
    };
  };
  return perV2Method<V2Methods>(wrap);
}
