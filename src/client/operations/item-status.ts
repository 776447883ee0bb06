/**
 * The status fields of an `ItemFailure`: `statusCode` / `statusCodeName` (the names
 * `ClarifaiApiError` uses) and their deprecated aliases `code` / `codeName`, made in one place so
 * that every failure carries all four with the same values.
 */
import type { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { statusCodeName } from '../../status-code-name';
import type { ItemFailure } from '../types';

export function itemStatus(statusCode: StatusCode): Pick<ItemFailure, 'statusCode' | 'statusCodeName' | 'code' | 'codeName'> {
  const name = statusCodeName(statusCode);
  return { statusCode, statusCodeName: name, code: statusCode, codeName: name };
}
