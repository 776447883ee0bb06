/**
 * `deleteInputs`: distinct ids in batches of `batchSize`, with bounded concurrency, and safe to
 * retry or rerun. DeleteInputs refuses a whole batch when one id is unknown (CONN_DOES_NOT_EXIST);
 * such a batch is looked up by id, the ids still there are deleted, the others reported as not found.
 */
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { apiErrorFrom } from '../call/check-status';
import type { ClientContext } from '../context';
import { ClarifaiError, ClarifaiValidationError } from '../errors';
import { methods } from '../call/methods';
import { listByIds } from './list-by-ids';
import { runPool } from './run-pool';
import type { CallSettings } from '../call-options';
import type { DeleteInputsResult } from '../types';

interface IdBatch {
  /** Position of the batch, so results come back in the order of the ids. */
  position: number;
  ids: string[];
}

/** Checks each id and skips repeats: a repeated id in two batches would race with itself. */
function* idBatches(ids: Iterable<string>, size: number): Generator<IdBatch, void, undefined> {
  const seen = new Set<string>();
  let batch: string[] = [];
  let position = 0;
  let index = 0;
  for (const id of ids) {
    if (typeof id !== 'string' || id === '') {
      throw new ClarifaiValidationError(`deleteInputs: ids[${index}] must be a non-empty string`, { index, path: `ids[${index}]` });
    }
    index++;
    if (seen.has(id)) continue;
    seen.add(id);
    batch.push(id);
    if (batch.length === size) {
      yield { position: position++, ids: batch };
      batch = [];
    }
  }
  if (batch.length > 0) yield { position, ids: batch };
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
    const found = await listByIds(ctx, remaining, call);
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
  if (Array.isArray(ids)) Array.from(idBatches(ids, Number.MAX_SAFE_INTEGER));
  const results: DeleteInputsResult[] = [];
  const gathered = (): DeleteInputsResult => ({
    deleted: results.flatMap((result) => result.deleted),
    notFound: results.flatMap((result) => result.notFound),
  });
  try {
    await runPool(idBatches(ids, ctx.batchSize), ctx.concurrency, async ({ position, ids: batch }) => {
      results[position] = await deleteBatch(ctx, batch, call);
    });
  } catch (error) {
    // The batches that finished (before, or in flight with, the one that threw): a rerun with the same ids completes the job.
    if (error instanceof ClarifaiError) error.partialDelete = gathered();
    throw error;
  }
  return gathered();
}
