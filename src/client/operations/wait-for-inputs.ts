/**
 * `waitForInputs`: poll ListInputs by id, with growing intervals, until every input has left
 * INPUT_PENDING / INPUT_IN_PROGRESS; on timeout, name the ones still pending. An id absent from
 * two polls in a row does not exist (or was deleted): fail at once, naming it.
 */
import type { Input } from '../../generated/clarifai/api/resources.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkInteger } from '../config';
import { DEFAULT_MAX_POLL_MS, DEFAULT_POLL_MS, DEFAULT_WAIT_TIMEOUT_MS, MAX_BATCH_SIZE } from '../limits';
import type { CallSettings } from '../call-options';
import type { ClientContext } from '../context';
import { status } from '@grpc/grpc-js';
import { ClarifaiAbortError, ClarifaiNotFoundError, ClarifaiTransportError, ClarifaiValidationError, ClarifaiWaitTimeoutError } from '../errors';
import { batchesOf } from './batches';
import { inputsByIds } from './inputs-by-ids';
import type { WaitForInputsOptions } from '../types';


/** Still being processed (or not visible yet): anything else is final. */
export function isPending(input: Input | undefined): boolean {
  const code = input?.status?.code ?? 0;
  return code === 0 || code === StatusCode.INPUT_PENDING || code === StatusCode.INPUT_IN_PROGRESS;
}

/** `options.timeoutMs` (in `call`) is the whole wait here, each poll gets the time left. */
export async function waitForInputs(ctx: ClientContext, ids: readonly string[], options: WaitForInputsOptions, call: CallSettings): Promise<Input[]> {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id === '')) {
    throw new ClarifaiValidationError('waitForInputs: ids must be an array of non-empty strings', { path: 'ids' });
  }
  checkInteger('pollMs', options.pollMs, 1);
  checkInteger('maxPollMs', options.maxPollMs, 1);
  const timeoutMs = call.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const deadlineAt = Date.now() + timeoutMs;
  const maxPollMs = options.maxPollMs ?? DEFAULT_MAX_POLL_MS;
  let pollMs = Math.min(options.pollMs ?? DEFAULT_POLL_MS, maxPollMs);
  const { signal } = call;
  const latest = new Map<string, Input>();
  let pending = [...new Set(ids)];
  // Absent from the last poll: absent again from the next one means not found.
  let absentBefore = new Set<string>();

  for (;;) {
    const answered = new Set<string>();
    for await (const chunk of batchesOf(pending, MAX_BATCH_SIZE)) {
      const remaining = deadlineAt - Date.now();
      if (remaining <= 0) throw new ClarifaiWaitTimeoutError(pending, timeoutMs);
      const found = await inputsByIds(ctx, chunk, { ...call, timeoutMs: remaining }).catch((error: unknown) => {
        if (error instanceof ClarifaiTransportError && error.grpcCode === status.DEADLINE_EXCEEDED && Date.now() >= deadlineAt) {
          throw new ClarifaiWaitTimeoutError(pending, timeoutMs);
        }
        throw error;
      });
      for (const input of found) {
        latest.set(input.id, input);
        answered.add(input.id);
      }
    }
    const absent = pending.filter((id) => !answered.has(id));
    const notFound = absent.filter((id) => absentBefore.has(id));
    if (notFound.length > 0) throw new ClarifaiNotFoundError(notFound);
    absentBefore = new Set(absent);
    pending = pending.filter((id) => absentBefore.has(id) || isPending(latest.get(id)));
    if (pending.length === 0) return ids.map((id) => latest.get(id)!);
    const wait = Math.min(pollMs, deadlineAt - Date.now());
    if (wait <= 0) throw new ClarifaiWaitTimeoutError(pending, timeoutMs);
    try {
      await sleep(wait, undefined, { signal });
    } catch {
      throw new ClarifaiAbortError('waitForInputs', signal?.reason);
    }
    pollMs = Math.min(Math.ceil(pollMs * 1.5), maxPollMs);
  }
}
