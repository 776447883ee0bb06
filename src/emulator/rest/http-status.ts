import { status as GrpcStatus } from '@grpc/grpc-js';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';

const BY_CODE: Partial<Record<StatusCode, number>> = {
  [StatusCode.SUCCESS]: 200,
  [StatusCode.MIXED_STATUS]: 200,
  [StatusCode.CONN_CREDENTIALS_INVALID]: 401,
  [StatusCode.CONN_KEY_INVALID]: 401,
  [StatusCode.CONN_KEY_NOT_FOUND]: 401,
  [StatusCode.CONN_INVALID_REQUEST]: 401,
  [StatusCode.CONN_INSUFFICIENT_SCOPES]: 403,
  [StatusCode.CONN_DOES_NOT_EXIST]: 404,
  [StatusCode.INPUT_DOES_NOT_EXIST]: 404,
  [StatusCode.CONN_THROTTLED]: 429,
  [StatusCode.RPC_SERVER_UNAVAILABLE]: 503,
};

/**
 * The HTTP status the REST API answers a Clarifai status with: 200 for success (also a mixed
 * batch: each input carries its own status), 401 for a missing, malformed or unknown key
 * (11102 is how the service answers a bad authorization header), 403 for another user's app,
 * 404 for what does not exist, 429 when throttled, 503 when unavailable, 400 for anything else
 * the request got wrong, 500 otherwise.
 */
export function httpStatusOf(code: StatusCode): number {
  const known = BY_CODE[code];
  if (known !== undefined) return known;
  if (code === StatusCode.FAILURE || (code >= 11000 && code < 12000) || (code >= 30000 && code < 40000)) return 400;
  return 500;
}

/** A transport-level failure (an injected gRPC fault, an internal error) as an HTTP status. */
export function httpStatusOfGrpc(code: GrpcStatus): number {
  if (code === GrpcStatus.UNAVAILABLE) return 503;
  if (code === GrpcStatus.DEADLINE_EXCEEDED) return 504;
  if (code === GrpcStatus.RESOURCE_EXHAUSTED) return 429;
  return 500;
}
