/**
 * Clarifai answers errors inside a gRPC OK, in the response's `status`. These pure functions
 * turn such a status into a typed `ClarifaiApiError`.
 */
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import type { Status } from '../../generated/clarifai/api/status/status.pb';
import { statusCodeName } from '../../status-code-name';
import { ClarifaiApiError } from '../errors';

/** The error a non-success status stands for. A missing status reads as code 0. */
export function apiErrorFrom(method: string, status: Status | undefined): ClarifaiApiError {
  const statusCode = status?.code ?? 0;
  return new ClarifaiApiError({
    method,
    statusCode,
    statusCodeName: statusCodeName(statusCode),
    description: status?.description || (status === undefined ? 'the response carried no status' : ''),
    details: status?.details ?? '',
    reqId: status?.reqId ?? '',
  });
}

/**
 * Returns when `status` is SUCCESS; throws its `ClarifaiApiError` otherwise. (A call that takes
 * some other status as an answer says so with `acceptStatus`, checked before this.)
 */
export function checkStatus(method: string, status: Status | undefined): void {
  if (status?.code === StatusCode.SUCCESS) return;
  throw apiErrorFrom(method, status);
}
