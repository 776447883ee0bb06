import type { Input } from '../../generated/clarifai/api/resources.pb';
import type { Status } from '../../generated/clarifai/api/status/status.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { makeStatus } from '../service/status';

/**
 * The status of a batch answer: SUCCESS when every input has `okCode`, MIXED_STATUS when some
 * do, FAILURE when none does. A FAILURE whose inputs all share one details text repeats it.
 */
export function batchStatus(inputs: Input[], okCode: StatusCode, rpc: string): Status {
  const failed = inputs.filter((input) => input.status?.code !== okCode);
  if (failed.length === 0) return makeStatus(StatusCode.SUCCESS);
  if (failed.length < inputs.length) {
    return makeStatus(StatusCode.MIXED_STATUS, `${failed.length} of ${inputs.length} inputs failed; each input carries its own status`);
  }
  const details = new Set(failed.map((input) => input.status?.details ?? ''));
  const only = details.size === 1 ? [...details][0] : undefined;
  return makeStatus(StatusCode.FAILURE, only || `${rpc}: all ${inputs.length} inputs failed; each input carries its own status`);
}
