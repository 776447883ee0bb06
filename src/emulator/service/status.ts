import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import type { Status } from '../../generated/clarifai/api/status/status.pb';
import { statusCodeName } from '../../status-code-name';

const descriptions: Partial<Record<StatusCode, string>> = {
  [StatusCode.SUCCESS]: 'Ok',
  [StatusCode.MIXED_STATUS]: 'Mixed Success',
  [StatusCode.FAILURE]: 'Failure',
  [StatusCode.CONN_THROTTLED]: 'Making too many requests',
  [StatusCode.CONN_INSUFFICIENT_SCOPES]: 'Insufficient scopes',
  [StatusCode.CONN_KEY_INVALID]: 'API key not found',
  [StatusCode.CONN_DOES_NOT_EXIST]: 'Resource does not exist',
  [StatusCode.CONN_INVALID_REQUEST]: 'Invalid request',
  [StatusCode.CONN_BAD_REQUEST_FORMAT]: 'Bad request format',
  [StatusCode.INPUT_SUCCESS]: 'Download complete',
  [StatusCode.INPUT_PENDING]: 'Download pending',
  [StatusCode.INPUT_FAILED]: 'Download failed',
  [StatusCode.INPUT_IN_PROGRESS]: 'Download in progress',
  [StatusCode.INPUT_DUPLICATE]: 'Input is a duplicate',
  [StatusCode.INPUT_DOES_NOT_EXIST]: 'Input does not exist',
  [StatusCode.INPUT_INVALID_ARGUMENT]: 'Invalid argument',
  [StatusCode.INPUT_OVER_LIMIT]: 'Input over limit',
  [StatusCode.INPUT_INVALID_URL]: 'Invalid URL',
  [StatusCode.INPUT_MODIFY_SUCCESS]: 'Input modification success',
  [StatusCode.INPUT_INVALID_REQUEST]: 'Invalid request',
  [StatusCode.RPC_SERVER_UNAVAILABLE]: 'Server unavailable',
  [StatusCode.JOB_RUNNING]: 'Job is running',
  [StatusCode.JOB_COMPLETED]: 'Job completed',
  [StatusCode.JOB_FAILED]: 'Job failed',
  [StatusCode.JOB_CANCELLED]: 'Job cancelled',
};

/** A Status with the code's short description and, when given, details about this case. */
export function makeStatus(code: StatusCode, details = '', reqId = ''): Status {
  return {
    code,
    description: descriptions[code] ?? statusCodeName(code),
    details,
    percentCompleted: 0,
    timeRemaining: 0,
    reqId,
    developerNotes: '',
  };
}

/** A status meaning the request was refused as a whole: nothing was stored or changed. */
export class RequestRefused extends Error {
  constructor(
    readonly code: StatusCode,
    readonly details: string,
  ) {
    super(details);
    this.name = 'RequestRefused';
  }
}
