/** `patchInputs`: validated patches, sent in batches; any refused batch is an error. */
import type { Input } from '../../generated/clarifai/api/resources.pb';
import type { CallSettings } from '../call-options';
import type { ClientContext } from '../context';
import { ClarifaiValidationError } from '../errors';
import { methods } from '../call/methods';
import { toProtoPatch } from '../inputs/to-proto-input';
import { batchesOf } from './batches';
import type { InputPatch, PatchAction } from '../types';
import { validatePatch } from '../inputs/validate-input';

const ACTIONS: ReadonlySet<string> = new Set(['merge', 'overwrite', 'remove']);

export async function patchInputs(
  ctx: ClientContext,
  patches: readonly InputPatch[],
  action: PatchAction,
  call: CallSettings,
): Promise<Input[]> {
  if (!Array.isArray(patches)) throw new ClarifaiValidationError('patchInputs: patches must be an array', { path: 'inputs' });
  if (!ACTIONS.has(action)) {
    throw new ClarifaiValidationError(`patchInputs: action must be "merge", "overwrite" or "remove", got ${JSON.stringify(action)}`, {
      path: 'action',
    });
  }
  patches.forEach((patch: unknown, index) => validatePatch(patch, index));
  const patched: Input[] = [];
  for await (const batch of batchesOf(patches, ctx.batchSize)) {
    const { response } = await ctx.invoke(
      methods.patchInputs,
      { userAppId: ctx.userAppId, inputs: batch.map(toProtoPatch), action },
      { ...call, itemCount: batch.length },
    );
    patched.push(...response.inputs);
  }
  return patched;
}
