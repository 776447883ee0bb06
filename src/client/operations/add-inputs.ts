/**
 * `addInputs`: every batch of `addInputsInBatches` gathered into one result, each list sorted by
 * position in the source. On a stop, the error's `partialResult` covers every batch, yielded or not.
 */
import { ClarifaiError, ClarifaiPartialFailureError } from '../errors';
import type { CallSettings } from '../call-options';
import type { AddInputsOptions, AddInputsResult, CallOptions, InputSource } from '../types';
import { addInputsInBatches } from './add-inputs-in-batches';

const byIndex = (a: { index: number }, b: { index: number }): number => a.index - b.index;

export async function addInputs(
  ctx: Parameters<typeof addInputsInBatches>[0],
  source: InputSource,
  options: Omit<AddInputsOptions, keyof CallOptions>,
  call: CallSettings,
): Promise<AddInputsResult> {
  const result: Required<AddInputsResult> = { added: [], failed: [], unconfirmed: [] };
  const gather = (part: AddInputsResult): void => {
    for (const entry of part.added) result.added.push(entry);
    for (const entry of part.failed) result.failed.push(entry);
    for (const entry of part.unconfirmed ?? []) result.unconfirmed.push(entry);
  };
  const sorted = (): AddInputsResult => ({
    added: result.added.sort(byIndex),
    failed: result.failed.sort(byIndex),
    ...(result.unconfirmed.length === 0 ? {} : { unconfirmed: result.unconfirmed.sort(byIndex) }),
  });
  try {
    for await (const batch of addInputsInBatches(ctx, source, options, call)) gather(batch);
  } catch (error) {
    if (!(error instanceof ClarifaiError)) throw error;
    if (error.partialResult !== undefined) gather(error.partialResult);
    if (error instanceof ClarifaiPartialFailureError) throw new ClarifaiPartialFailureError(sorted());
    throw error.withPartialResult(sorted());
  }
  return sorted();
}
