import { StatusCode, statusCodeToJSON } from './generated/clarifai/api/status/status_code.pb';

/**
 * The name of a Clarifai status code, for logs and error messages. Aliased codes give their
 * first name (30000 is `INPUT_SUCCESS`); a number the enum does not know gives `UNKNOWN_<n>`.
 */
export function statusCodeName(code: number): string {
  const name = statusCodeToJSON(code as StatusCode);
  return name === 'UNRECOGNIZED' ? `UNKNOWN_${code}` : name;
}
