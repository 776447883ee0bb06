/**
 * `patchInputs`: validated patches in batches of `batchSize`, at most `concurrency` at once; each
 * patch ends in `patched` or `failed`. MIXED_STATUS (some inputs refused) is a result, and every
 * batch is sent whatever an earlier one answered. A batch refused whole because an id is unknown
 * (CONN_DOES_NOT_EXIST, as the real service answers) is looked up by id: the unknown ids fail as
 * INPUT_DOES_NOT_EXIST, the others are sent again. Any other error stops the call: no new batch
 * starts, the batches in flight finish, and the error's `partialPatch` says what was done.
 */
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import type { Input } from '../../generated/clarifai/api/resources.pb';
import { checkInteger } from '../config';
import { MAX_BATCH_SIZE } from '../limits';
import type { CallSettings } from '../call-options';
import type { ClientContext } from '../context';
import { ClarifaiError, ClarifaiPartialFailureError, ClarifaiValidationError } from '../errors';
import { apiErrorFrom } from '../call/check-status';
import { methods, type RpcMethod } from '../call/methods';
import { toProtoPatch } from '../inputs/to-proto-input';
import { validatePatch } from '../inputs/validate-input';
import type { CallOptions, FailedPatch, InputPatch, PatchAction, PatchedInput, PatchInputsOptions, PatchInputsResult } from '../types';
import { batchesOf } from './batches';
import { inputsByIdMap } from './inputs-by-ids';
import { itemStatus } from './item-status';
import { isPerInputResult } from './post-batch';
import { runPool } from './run-pool';

const ACTIONS: ReadonlySet<string> = new Set(['merge', 'overwrite', 'remove']);

/**
 * Which actions may be sent again after DEADLINE_EXCEEDED or RESOURCE_EXHAUSTED, when an attempt
 * may have been applied without its answer arriving (UNAVAILABLE is retried for every action by the
 * retry policy, as for every RPC):
 * - overwrite: yes. The result does not depend on the state before, so twice is once.
 * - remove: yes. Removing what is already gone changes nothing.
 * - merge: no. Concepts upsert by id and objects merge key by key, but how the service merges a
 *   list inside metadata is not documented: if it appends, a second merge would add it twice.
 */
const RETRY_AFTER_UNKNOWN_OUTCOME: Record<PatchAction, boolean> = { overwrite: true, remove: true, merge: false };

const methodFor = (action: PatchAction): RpcMethod<Parameters<typeof methods.patchInputs.serialize>[0], ReturnType<typeof methods.patchInputs.deserialize>> => ({
  ...methods.patchInputs,
  idempotent: RETRY_AFTER_UNKNOWN_OUTCOME[action],
});

/** Per-input codes of a patch that was applied. */
const APPLIED: ReadonlySet<number> = new Set([StatusCode.SUCCESS, StatusCode.INPUT_MODIFY_SUCCESS, StatusCode.INPUT_MODIFY_PENDING]);

interface Entry {
  patch: InputPatch;
  index: number;
}

const failure = (entry: Entry, code: StatusCode, description: string, details: string): FailedPatch => ({
  input: entry.patch,
  id: entry.patch.id,
  index: entry.index,
  ...itemStatus(code),
  description,
  details,
});

const patchedOf = (entry: Entry, input: Input): PatchedInput => ({ index: entry.index, id: entry.patch.id, input });

async function patchBatch(ctx: ClientContext, batch: Entry[], action: PatchAction, call: CallSettings): Promise<PatchInputsResult> {
  const result: PatchInputsResult = { patched: [], failed: [] };
  let remaining = batch;
  while (remaining.length > 0) {
    const { response } = await ctx.invoke(
      methodFor(action),
      { userAppId: ctx.userAppId, inputs: remaining.map((entry) => toProtoPatch(entry.patch)), action },
      {
        ...call,
        itemCount: remaining.length,
        acceptStatus: (answer) => isPerInputResult(answer) || answer.status?.code === StatusCode.CONN_DOES_NOT_EXIST,
      },
    );
    if (response.status?.code === StatusCode.CONN_DOES_NOT_EXIST) {
      const found = await inputsByIdMap(ctx, remaining.map((entry) => entry.patch.id), call);
      const missing = remaining.filter((entry) => !found.has(entry.patch.id));
      // Every id is there: the refusal is about something else (e.g. the app), so it stands.
      if (missing.length === 0) throw apiErrorFrom(methods.patchInputs.name, response.status);
      for (const entry of missing) {
        result.failed.push(failure(entry, StatusCode.INPUT_DOES_NOT_EXIST, `input ${JSON.stringify(entry.patch.id)} does not exist`, response.status.details));
      }
      remaining = remaining.filter((entry) => found.has(entry.patch.id));
      continue;
    }
    const allApplied = response.status?.code === StatusCode.SUCCESS;
    const answers = new Map(response.inputs.map((input) => [input.id, input]));
    for (const entry of remaining) {
      const answer = answers.get(entry.patch.id);
      const code = answer?.status?.code ?? 0;
      if (answer !== undefined && (allApplied || APPLIED.has(code))) result.patched.push(patchedOf(entry, answer));
      else if (answer === undefined && allApplied) result.patched.push(patchedOf(entry, toProtoPatch(entry.patch)));
      else if (answer === undefined) result.failed.push(failure(entry, 0, 'the answer did not report this input', ''));
      else result.failed.push(failure(entry, code, answer.status?.description || 'refused', answer.status?.details ?? ''));
    }
    break;
  }
  return result;
}

/** Thrown inside the pool to stop early under `failOnPartial`. */
class StopOnFailure extends Error {}

const byIndex = (a: { index: number }, b: { index: number }): number => a.index - b.index;

export async function patchInputs(
  ctx: ClientContext,
  patches: readonly InputPatch[],
  action: PatchAction,
  options: Omit<PatchInputsOptions, keyof CallOptions>,
  call: CallSettings,
): Promise<PatchInputsResult> {
  if (!Array.isArray(patches)) throw new ClarifaiValidationError('patchInputs: patches must be an array', { path: 'inputs' });
  if (!ACTIONS.has(action)) {
    throw new ClarifaiValidationError(`patchInputs: action must be "merge", "overwrite" or "remove", got ${JSON.stringify(action)}`, {
      path: 'action',
    });
  }
  checkInteger('batchSize', options.batchSize, 1, MAX_BATCH_SIZE);
  checkInteger('concurrency', options.concurrency, 1, 64);
  patches.forEach((patch: unknown, index) => validatePatch(patch, index));
  const size = options.batchSize ?? ctx.batchSize;
  const result: PatchInputsResult = { patched: [], failed: [] };
  const sorted = (): PatchInputsResult => ({ patched: result.patched.sort(byIndex), failed: result.failed.sort(byIndex) });
  try {
    await runPool(batchesOf(patches.map((patch, index): Entry => ({ patch, index })), size), options.concurrency ?? ctx.concurrency, async (batch) => {
      const outcome = await patchBatch(ctx, batch, action, call);
      result.patched.push(...outcome.patched);
      result.failed.push(...outcome.failed);
      if (options.failOnPartial === true && outcome.failed.length > 0) throw new StopOnFailure();
    });
  } catch (error) {
    if (error instanceof StopOnFailure) throw new ClarifaiPartialFailureError(sorted());
    if (error instanceof ClarifaiError) throw error.withPartials({ partialPatch: sorted() });
    throw error;
  }
  const final = sorted();
  if (options.failOnPartial === true && final.failed.length > 0) throw new ClarifaiPartialFailureError(final);
  return final;
}
