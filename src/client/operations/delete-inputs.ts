/**
 * `deleteInputs`: distinct ids in batches of `batchSize`, with bounded concurrency, and safe to
 * retry or rerun. DeleteInputs refuses a whole batch when one id is unknown (CONN_DOES_NOT_EXIST);
 * such a batch is looked up by id, the ids still there are deleted, the others reported as not found.
 */
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { apiErrorFrom } from '../call/check-status';
import type { CallSettings } from '../call-options';
import type { ClientContext } from '../context';
import { ClarifaiError, ClarifaiValidationError } from '../errors';
import { methods } from '../call/methods';
import { batchesOf } from './batches';
import { inputsByIds } from './inputs-by-ids';
import { runPool } from './run-pool';
import type { DeleteInputsResult } from '../types';

/** Checks each id and skips repeats: a repeated id in two batches would race with itself. */
function* distinctIds(ids: Iterable<string>): Generator<string, void, undefined> {
  const seen = new Set<string>();
  let index = 0;
  for (const id of ids) {
    if (typeof id !== 'string' || id === '') {
      throw new ClarifaiValidationError(`deleteInputs: ids[${index}] must be a non-empty string`, { index, path: `ids[${index}]` });
    }
    index++;
    if (seen.has(id)) continue;
    seen.add(id);
    yield id;
  }
}

/** The ids of `ids` the app has now. */
async function existingIds(ctx: ClientContext, ids: string[], call: CallSettings): Promise<Set<string>> {
  const found = await inputsByIds(ctx, ids, call);
  return new Set(found.map((input) => input.id).filter((id) => ids.includes(id)));
}

/**
 * Deletes one batch. After CONN_DOES_NOT_EXIST, an id missing from the lookup is `notFound`, unless
 * this call may have deleted it itself: it was seen existing earlier in the call, or an earlier
 * attempt of the refused request may have landed (its answer was lost) and no id of that request is
 * left, as such an attempt would have deleted them all.
 */
async function deleteBatch(ctx: ClientContext, batch: string[], call: CallSettings): Promise<DeleteInputsResult> {
  const deleted = new Set<string>();
  const notFound = new Set<string>();
  let remaining = batch;
  let seenExisting = false;
  while (remaining.length > 0) {
    const { response, attempts } = await ctx.invoke(
      methods.deleteInputs,
      { userAppId: ctx.userAppId, ids: remaining },
      { ...call, itemCount: remaining.length, acceptStatus: (answer) => answer.status?.code === StatusCode.CONN_DOES_NOT_EXIST },
    );
    if (response.status?.code !== StatusCode.CONN_DOES_NOT_EXIST) {
      for (const id of remaining) deleted.add(id);
      break;
    }
    const found = await existingIds(ctx, remaining, call);
    const missing = remaining.filter((id) => !found.has(id));
    // Every id is there: the refusal is about something else (e.g. the app), so it stands.
    if (missing.length === 0) throw apiErrorFrom(methods.deleteInputs.name, response.status);
    const goneByUs = seenExisting || (attempts > 1 && found.size === 0);
    for (const id of missing) (goneByUs ? deleted : notFound).add(id);
    remaining = remaining.filter((id) => found.has(id));
    seenExisting = true;
  }
  return { deleted: batch.filter((id) => deleted.has(id)), notFound: batch.filter((id) => notFound.has(id)) };
}

export async function deleteInputs(ctx: ClientContext, ids: Iterable<string>, call: CallSettings): Promise<DeleteInputsResult> {
  if (typeof ids !== 'object' || ids === null || typeof (ids as Iterable<string>)[Symbol.iterator] !== 'function') {
    throw new ClarifaiValidationError('deleteInputs: ids must be an array or iterable of strings', { path: 'ids' });
  }
  // An array is checked whole first, so a bad id deletes nothing; other iterables as they are read.
  if (Array.isArray(ids)) Array.from(distinctIds(ids));
  const results: DeleteInputsResult[] = [];
  const gathered = (): DeleteInputsResult => ({
    deleted: results.flatMap((result) => result.deleted),
    notFound: results.flatMap((result) => result.notFound),
  });
  let batches = 0;
  try {
    await runPool(batchesOf(distinctIds(ids), ctx.batchSize), ctx.concurrency, async (batch) => {
      // The pool starts work in the order it reads batches: this is the batch's position.
      const position = batches++;
      results[position] = await deleteBatch(ctx, batch, call);
    });
  } catch (error) {
    // The batches that finished (before, or in flight with, the one that threw): a rerun with the same ids completes the job.
    if (error instanceof ClarifaiError) throw error.withPartials({ partialDelete: gathered() });
    throw error;
  }
  return gathered();
}
