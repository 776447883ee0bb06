/**
 * A batch whose PostInputs ended without an answer (an abort cancelled it, the call failed on
 * the transport, or a refusal came only after retries) may have landed. Before reporting it, ask the service: one ListInputs by id,
 * within a short grace period that never outlasts the batch's deadline, and without the caller's
 * (already aborted) signal. Found means added; not found means not stored (failed, with a local
 * reason naming the error). Only when the service does not answer in time do the inputs stay
 * `unconfirmed`.
 */
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import type { ClientContext } from '../context';
import { ClarifaiAbortError, ClarifaiApiError, type ClarifaiError } from '../errors';
import type { CallSettings } from '../call-options';
import type { AddedInput, FailedInput, UnconfirmedInput } from '../types';
import { added, confirmById, ownWrite } from './post-batch';
import { failedInput, type PendingInput } from './prepare-input';

/** The most a confirmation may take after an abort or a failed batch. */
export const CONFIRM_GRACE_MS = 5_000;

export interface ConfirmedAfterError {
  added: AddedInput[];
  failed: FailedInput[];
  unconfirmed: UnconfirmedInput[];
}

const unconfirmedOf = (p: PendingInput): UnconfirmedInput => ({ input: { ...p.input, id: p.id }, id: p.id, index: p.index });

export async function confirmAfterError(
  ctx: ClientContext,
  batch: readonly PendingInput[],
  error: ClarifaiError,
  call: CallSettings,
  options: { startedAt: number; deadlineAt: number },
): Promise<ConfirmedAfterError> {
  const result: ConfirmedAfterError = { added: [], failed: [], unconfirmed: [] };
  const grace = Math.min(CONFIRM_GRACE_MS, options.deadlineAt - Date.now());
  let found;
  try {
    if (grace <= 0) throw error;
    // Not the caller's signal (it may be the abort that got us here); this call's metadata and retry policy.
    const { signal: _aborted, ...rest } = call;
    found = await confirmById(ctx, batch, { ...rest, timeoutMs: grace });
  } catch {
    result.unconfirmed = batch.map(unconfirmedOf);
    return result;
  }
  const aborted = error instanceof ClarifaiAbortError;
  const code = aborted ? StatusCode.RPC_CANCELED : error instanceof ClarifaiApiError ? error.statusCode : StatusCode.FAILURE;
  const description = `not stored: ${aborted ? 'the batch was aborted' : error.message}, and the input was not found by id afterwards`;
  for (const p of batch) {
    const stored = found.get(p.id);
    const own = ownWrite(p, stored, options.startedAt);
    if (own !== undefined) result.added.push(added(p, own));
    else if (stored !== undefined) result.failed.push(failedInput(p, StatusCode.INPUT_DUPLICATE, 'an input with this id existed before this call', ''));
    else result.failed.push(failedInput(p, code, description, 'safe to add again with the same id'));
  }
  return result;
}
