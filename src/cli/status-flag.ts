import { StatusCode, statusCodeFromJSON } from '../generated/clarifai/api/status/status_code.pb';
import { statusCodeName } from '../status-code-name';
import { badFlag } from './cli-error';

/** `--status` help text, shared by list and export. */
export const STATUS_FLAG_HELP = `only inputs in this processing state: a name (INPUT_FAILED, INPUT_SUCCESS,
                   INPUT_PENDING, INPUT_IN_PROGRESS) or its number (30002)`;

/** A status code from its name or number, or a usage error naming the flag. */
export function statusFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const code = /^\d+$/.test(text) ? Number(text) : statusCodeFromJSON(text.toUpperCase());
  if (code === StatusCode.UNRECOGNIZED || statusCodeName(code).startsWith('UNKNOWN_')) {
    throw badFlag('status', `'${text}' is not a status code name or number (e.g. INPUT_FAILED or 30002)`);
  }
  return code;
}
