/**
 * `waitForInputs`: poll ListInputs by id (128 ids a call, `concurrency` calls at once), with
 * growing intervals, until every input has left INPUT_PENDING / INPUT_IN_PROGRESS; on timeout,
 * name the ones still pending. An id absent from two polls in a row does not exist (or was
 * deleted): fail at once, naming it. Both errors carry the last known state of every input.
 */
import type { Input } from '../../generated/clarifai/api/resources.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CallSettings } from '../call-options';
import { checkInteger } from '../config';
import { DEFAULT_MAX_POLL_MS, DEFAULT_POLL_MS, DEFAULT_WAIT_TIMEOUT_MS, MAX_BATCH_SIZE } from '../limits';
import type { ClientContext } from '../context';
import { status } from '@grpc/grpc-js';
import { ClarifaiAbortError, ClarifaiNotFoundError, ClarifaiTransportError, ClarifaiValidationError, ClarifaiWaitTimeoutError } from '../errors';
import { batchesOf } from './batches';
import { inputsByIdMap } from './inputs-by-ids';
import { runPool } from './run-pool';
import type { WaitForInputsOptions } from '../types';


/** Still being processed (or not visible yet): anything else is final. */
export function isPending(input: Input | undefined): boolean {
  const code = input?.status?.code ?? 0;
  return code === 0 || code === StatusCode.INPUT_PENDING || code === StatusCode.INPUT_IN_PROGRESS;
}

/** `call.timeoutMs` is the whole wait here; each poll gets the time left. */
export async function waitForInputs(ctx: ClientContext, ids: readonly string[], options: WaitForInputsOptions, call: CallSettings): Promise<Input[]> {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id === '')) {
    throw new ClarifaiValidationError('waitForInputs: ids must be an array of non-empty strings', { path: 'ids' });
  }
  checkInteger('pollMs', options.pollMs, 1);
  checkInteger('maxPollMs', options.maxPollMs, 1);
  checkInteger('concurrency', options.concurrency, 1, 64);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new ClarifaiValidationError('option `onProgress` must be a function', { path: 'onProgress' });
  }
  const timeoutMs = call.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const deadlineAt = Date.now() + timeoutMs;
  const maxPollMs = options.maxPollMs ?? DEFAULT_MAX_POLL_MS;
  let pollMs = Math.min(options.pollMs ?? DEFAULT_POLL_MS, maxPollMs);
  const concurrency = options.concurrency ?? ctx.concurrency;
  const { signal } = call;
  const distinct = [...new Set(ids)];
  // The last state seen of every input (undefined: not seen yet), for the result and the errors.
  const latest = new Map<string, Input | undefined>(distinct.map((id) => [id, undefined]));
  const lastKnown = (): ReadonlyMap<string, Input | undefined> => new Map(latest);
  const timedOut = (pending: readonly string[]): ClarifaiWaitTimeoutError => new ClarifaiWaitTimeoutError(pending, timeoutMs, lastKnown());
  let pending = distinct;
  // Absent from the last poll: absent again from the next one means not found.
  let absentBefore = new Set<string>();

  for (;;) {
    const answered = new Set<string>();
    await runPool(batchesOf(pending, MAX_BATCH_SIZE), concurrency, async (chunk) => {
      const remaining = deadlineAt - Date.now();
      if (remaining <= 0) throw timedOut(pending);
      const found = await inputsByIdMap(ctx, chunk, { ...call, timeoutMs: remaining }).catch((error: unknown) => {
        if (error instanceof ClarifaiTransportError && error.grpcCode === status.DEADLINE_EXCEEDED && Date.now() >= deadlineAt) throw timedOut(pending);
        throw error;
      });
      for (const [id, input] of found) {
        latest.set(id, input);
        answered.add(id);
      }
    });
    const absent = pending.filter((id) => !answered.has(id));
    const notFound = absent.filter((id) => absentBefore.has(id));
    if (notFound.length > 0) throw new ClarifaiNotFoundError(notFound, lastKnown());
    absentBefore = new Set(absent);
    pending = pending.filter((id) => absentBefore.has(id) || isPending(latest.get(id)));
    if (options.onProgress !== undefined) {
      const settled = distinct.filter((id) => !isPending(latest.get(id)));
      const failed = settled.filter((id) => latest.get(id)?.status?.code === StatusCode.INPUT_FAILED).length;
      options.onProgress({ done: settled.length, failed, total: distinct.length });
    }
    if (pending.length === 0) return ids.map((id) => latest.get(id)!);
    const wait = Math.min(pollMs, deadlineAt - Date.now());
    if (wait <= 0) throw timedOut(pending);
    try {
      await sleep(wait, undefined, { signal });
    } catch {
      throw new ClarifaiAbortError('waitForInputs', signal?.reason);
    }
    pollMs = Math.min(Math.ceil(pollMs * 1.5), maxPollMs);
  }
}
