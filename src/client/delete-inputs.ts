/** `deleteInputs`: ids in batches of `batchSize`, with bounded concurrency. Deletion is idempotent. */
import type { ClientContext } from './context';
import { ClarifaiValidationError } from './errors';
import { invoke } from './invoke';
import { methods } from './methods';
import { runPool } from './run-pool';
import type { CallOptions } from './types';

function* idBatches(ids: Iterable<string>, size: number): Generator<string[], void, undefined> {
  let batch: string[] = [];
  let index = 0;
  for (const id of ids) {
    if (typeof id !== 'string' || id === '') {
      throw new ClarifaiValidationError(`deleteInputs: ids[${index}] must be a non-empty string`, { index, path: `ids[${index}]` });
    }
    index++;
    batch.push(id);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export async function deleteInputs(ctx: ClientContext, ids: Iterable<string>, options: CallOptions): Promise<void> {
  if (typeof ids !== 'object' || ids === null || typeof (ids as Iterable<string>)[Symbol.iterator] !== 'function') {
    throw new ClarifaiValidationError('deleteInputs: ids must be an array or iterable of strings', { path: 'ids' });
  }
  // An array is checked whole first, so a bad id deletes nothing; other iterables as they are read.
  if (Array.isArray(ids)) Array.from(idBatches(ids, Number.MAX_SAFE_INTEGER));
  await runPool(idBatches(ids, ctx.batchSize), ctx.concurrency, async (batch) => {
    await invoke(ctx.transport, methods.deleteInputs, { userAppId: ctx.userAppId, ids: batch }, { ...options, batchSize: batch.length });
  });
}
