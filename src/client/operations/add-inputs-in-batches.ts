/**
 * `addInputsInBatches`: read the source lazily, cut batches by count and by encoded bytes, send
 * at most `concurrency` at once, and yield each batch's `{ added, failed }` as it completes. It
 * keeps no results (only the ids you chose, to refuse a repeat), and starts no batch while the
 * consumer has not asked for the next result, so memory stays about `concurrency x maxBatchBytes`.
 *
 * When it stops (an error, an abort, `failOnPartial`), no new batch starts, the batches in flight
 * end, and the error's `partialResult` holds what was not yielded: those batches' results, and
 * `unconfirmed` for inputs sent that the service could not be asked about.
 */
import { checkBatchOptions } from '../config';
import type { ClientContext } from '../context';
import { ClarifaiAbortError, ClarifaiApiError, ClarifaiError, ClarifaiPartialFailureError, ClarifaiTransportError, ClarifaiValidationError } from '../errors';
import { methods } from '../call/methods';
import { inputLabel, validateNewInput } from '../inputs/validate-input';
import type { CallSettings } from '../call-options';
import type { AddInputsBatchResult, AddInputsOptions, AddInputsResult, CallOptions, InputSource, NewInput } from '../types';
import { batchesOf } from './batches';
import { confirmAfterError } from './confirm-after-error';
import { postBatch } from './post-batch';
import { newInputId, prepareInput, type PendingInput } from './prepare-input';

function isInputSource(value: unknown): value is InputSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' ||
      typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
  );
}

type OwnOptions = Omit<AddInputsOptions, keyof CallOptions>;

function checkOptions(source: unknown, options: OwnOptions): void {
  checkBatchOptions(options);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new ClarifaiValidationError('option `onProgress` must be a function', { path: 'onProgress' });
  }
  if (!isInputSource(source)) {
    throw new ClarifaiValidationError('addInputs: inputs must be an array, an iterable or an async iterable', { path: 'inputs' });
  }
}

/** Within one call an id may appear once: a repeat would fail, or worse, pass as our own retry. */
function checkRepeat(seen: Set<string>, id: string, index: number): void {
  if (seen.has(id)) {
    throw new ClarifaiValidationError(`${inputLabel(index, id)}: id appears more than once in this call`, { index, inputId: id, path: 'id' });
  }
  seen.add(id);
}

/**
 * The source's inputs, validated (an array was checked whole before), with ids, measured. A
 * synchronous source (an array, a generator) is read without `for await`, and an input without a
 * file is ready without a wait: a promise per input was a tenth of the client's CPU for small
 * inputs.
 */
async function* pendingInputs(source: InputSource, checked: boolean, maxInputBytes: number): AsyncGenerator<PendingInput, void, undefined> {
  const given = new Set<string>();
  let index = 0;
  const prepare = (input: NewInput): PendingInput | Promise<PendingInput> => {
    if (!checked) validateNewInput(input, index);
    if (input.id !== undefined && !checked) checkRepeat(given, input.id, index);
    return prepareInput(input, index, input.id ?? newInputId(), maxInputBytes);
  };
  if (isSyncIterable(source)) {
    for (const input of source) {
      const pending = prepare(input);
      yield pending instanceof Promise ? await pending : pending;
      index++;
    }
    return;
  }
  for await (const input of source) {
    const pending = prepare(input);
    yield pending instanceof Promise ? await pending : pending;
    index++;
  }
}

/** Iterable and not async iterable (`for await` prefers the async iterator of a source with both). */
const isSyncIterable = (source: InputSource): source is Iterable<NewInput> =>
  typeof (source as Partial<Iterable<NewInput>>)[Symbol.iterator] === 'function' &&
  typeof (source as Partial<AsyncIterable<NewInput>>)[Symbol.asyncIterator] !== 'function';

/** One batch's end: its result, or the error it stopped on with what is known of its inputs. */
interface Settled {
  task: Promise<Settled>;
  result: AddInputsBatchResult;
  error?: ClarifaiError;
  unconfirmed?: AddInputsResult['unconfirmed'];
}

const byIndex = (a: { index: number }, b: { index: number }): number => a.index - b.index;

async function sendBatch(ctx: ClientContext, batch: PendingInput[], call: CallSettings): Promise<Omit<Settled, 'task'>> {
  const refused = batch.flatMap((p) => (p.refused === undefined ? [] : [p.refused]));
  const toSend = batch.filter((p) => p.refused === undefined);
  if (toSend.length === 0) return { result: { added: [], failed: refused } };
  const startedAt = Date.now();
  try {
    const outcome = await postBatch(ctx, toSend, call);
    return { result: { added: outcome.added.sort(byIndex), failed: [...outcome.failed, ...refused].sort(byIndex) } };
  } catch (caught) {
    const error = caught instanceof ClarifaiError ? caught : new ClarifaiError(`PostInputs failed: ${String(caught)}`, { cause: caught });
    // Without an answer the batch may have landed: ask. A refusal of PostInputs on its only
    // attempt stored nothing (the service refuses a request whole); after retries an earlier
    // attempt may have stored the batch and lost its answer, and a failed duplicate lookup says
    // nothing of what was stored: ask then too.
    const refusedOnce = error instanceof ClarifaiApiError && error.method === methods.postInputs.name && error.attempts <= 1;
    const mayHaveLanded = (error instanceof ClarifaiTransportError || error instanceof ClarifaiAbortError || error instanceof ClarifaiApiError) && !refusedOnce;
    if (!mayHaveLanded) return { result: { added: [], failed: refused }, error };
    const deadlineAt = startedAt + (call.timeoutMs ?? ctx.timeoutMs);
    const known = await confirmAfterError(ctx, toSend, error, call, { startedAt, deadlineAt });
    return { result: { added: known.added, failed: [...known.failed, ...refused].sort(byIndex) }, error, unconfirmed: known.unconfirmed };
  }
}

/** Options and the source are checked here, at the call, not at the first `next()`. */
export function addInputsInBatches(
  ctx: ClientContext,
  source: InputSource,
  options: OwnOptions,
  call: CallSettings,
): AsyncGenerator<AddInputsBatchResult, void, undefined> {
  checkOptions(source, options);
  const isArray = Array.isArray(source);
  // An array is checked whole before anything is sent; other sources as they are read.
  if (isArray) {
    const given = new Set<string>();
    for (let index = 0; index < source.length; index++) {
      const input: unknown = source[index]; // holes too
      validateNewInput(input, index);
      const id = (input as NewInput).id;
      if (id !== undefined) checkRepeat(given, id, index);
    }
  }
  return run(ctx, source, isArray, options, call);
}

async function* run(ctx: ClientContext, source: InputSource, isArray: boolean, options: OwnOptions, call: CallSettings): AsyncGenerator<AddInputsBatchResult, void, undefined> {
  const maxInputBytes = options.maxInputBytes ?? ctx.maxInputBytes;
  const limits = { maxCount: options.batchSize ?? ctx.batchSize, maxBytes: options.maxBatchBytes ?? ctx.maxBatchBytes };
  const batches = batchesOf(pendingInputs(source, isArray, maxInputBytes), limits.maxCount, {
    maxBytes: limits.maxBytes,
    bytesOf: (p) => (p.refused === undefined ? p.bytes : 0), // a refused input is not sent
  });
  const concurrency = options.concurrency ?? ctx.concurrency;
  const { signal } = call;
  const total = isArray ? (source as readonly NewInput[]).length : undefined;
  const progress = { done: 0, failed: 0, ...(total === undefined ? {} : { total }) };
  const running = new Set<Promise<Settled>>();
  // Once stopped: the reason, and what was not yielded.
  let stop: { error: ClarifaiError | 'failOnPartial' } | undefined;
  const held: Required<AddInputsResult> = { added: [], failed: [], unconfirmed: [] };
  let sourceDone = false;
  try {
    for (;;) {
      while (stop === undefined && !sourceDone && running.size < concurrency) {
        if (signal?.aborted === true) {
          stop = { error: new ClarifaiAbortError('PostInputs', signal.reason) };
          break;
        }
        let next: IteratorResult<PendingInput[]>;
        try {
          next = await batches.next();
        } catch (error) {
          stop = {
            error: error instanceof ClarifaiError ? error : new ClarifaiError(`addInputs: the input source failed: ${String(error)}`, { cause: error }),
          };
          break;
        }
        if (next.done === true) sourceDone = true;
        else {
          const task: Promise<Settled> = sendBatch(ctx, next.value, call).then((settled) => ({ ...settled, task }));
          running.add(task);
        }
      }
      if (running.size === 0) break;
      const settled = await Promise.race(running);
      running.delete(settled.task);
      const { result } = settled;
      progress.done += result.added.length + result.failed.length;
      progress.failed += result.failed.length;
      if (result.added.length + result.failed.length > 0) options.onProgress?.({ ...progress });
      if (settled.error !== undefined) stop ??= { error: settled.error };
      if (stop === undefined && options.failOnPartial === true && result.failed.length > 0) stop = { error: 'failOnPartial' };
      if (stop === undefined) {
        yield result;
        continue;
      }
      held.added.push(...result.added);
      held.failed.push(...result.failed);
      held.unconfirmed.push(...(settled.unconfirmed ?? []));
    }
  } finally {
    // The consumer left early, or we are stopping: no batch is abandoned mid-flight.
    await Promise.allSettled(running);
    await batches.return(undefined);
  }
  if (stop === undefined) return;
  const partial: AddInputsResult = {
    added: held.added.sort(byIndex),
    failed: held.failed.sort(byIndex),
    ...(held.unconfirmed.length === 0 ? {} : { unconfirmed: held.unconfirmed.sort(byIndex) }),
  };
  if (stop.error === 'failOnPartial') throw new ClarifaiPartialFailureError(partial);
  throw stop.error.withPartialResult(partial);
}
