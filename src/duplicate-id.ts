/**
 * A duplicate-id refusal: per-input INPUT_DUPLICATE (30100) with exactly these details, as the
 * service words it (the official Python SDK matches the same text). The emulator words its
 * refusals so; the client-side callers (CLI, upload-until-done) recognise them so. Neither
 * client nor emulator code: both may import it.
 */
import { StatusCode } from './generated/clarifai/api/status/status_code.pb';

export const DUPLICATE_ID_DETAILS = 'Input has a duplicate ID.';

/** True when a per-input status says "this id is already taken". */
export function isDuplicateIdRefusal(failed: { statusCode: number; details: string }): boolean {
  return failed.statusCode === StatusCode.INPUT_DUPLICATE && failed.details === DUPLICATE_ID_DETAILS;
}
