/**
 * `addInputs`: validate, assign ids, batch lazily, send batches with bounded concurrency, and
 * account for every input exactly once in `added` or `failed`.
 */
import { randomUUID } from 'node:crypto';
import type { Input } from '../../generated/clarifai/api/resources.pb';
import { batchesOf } from './batches';
import { checkInteger } from '../config';
import { MAX_BATCH_SIZE } from '../limits';
import type { CallSettings } from '../call-options';
import type { ClientContext } from '../context';
import { ClarifaiAbortError, ClarifaiError, ClarifaiPartialFailureError, ClarifaiTransportError, ClarifaiValidationError } from '../errors';
import { postBatch, type PendingInput } from './post-batch';
import { runPool } from './run-pool';
import type { AddInputsOptions, AddInputsResult, CallOptions, FailedInput, InputSource, NewInput, UnconfirmedInput } from '../types';
import { inputLabel, validateNewInput } from '../inputs/validate-input';

/** 32 hex characters: unique, and valid as a Clarifai input id. */
export function newInputId(): string {
  return randomUUID().replaceAll('-', '');
}

function isInputSource(value: unknown): value is InputSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' ||
      typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
  );
}

function checkOptions(options: AddInputsOptions): void {
  checkInteger('batchSize', options.batchSize, 1, MAX_BATCH_SIZE);
  checkInteger('concurrency', options.concurrency, 1, 64);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new ClarifaiValidationError('option `onProgress` must be a function', { path: 'onProgress' });
  }
}

/** Each input of `source` through `prepare` (validation, id assignment) as it is read. */
async function* prepared(source: InputSource, prepare: (input: NewInput, index: number) => PendingInput): AsyncGenerator<PendingInput> {
  let index = 0;
  for await (const input of source as AsyncIterable<NewInput>) yield prepare(input, index++);
}

/** Thrown inside the pool to stop early under `failOnPartial`; replaced by the real error after. */
class StopOnFailure extends Error {}

/** `options`: this operation's own; `call`: the per-call options, resolved at the facade. */
export async function addInputs(
  ctx: ClientContext,
  source: InputSource,
  options: Omit<AddInputsOptions, keyof CallOptions>,
  call: CallSettings,
): Promise<AddInputsResult> {
  checkOptions(options);
  if (!isInputSource(source)) {
    throw new ClarifaiValidationError('addInputs: inputs must be an array, an iterable or an async iterable', { path: 'inputs' });
  }
  const isArray = Array.isArray(source);
  const total = isArray ? source.length : undefined;
  // An array is checked whole before anything is sent; other sources as they are read.
  if (isArray) for (let index = 0; index < source.length; index++) validateNewInput(source[index], index); // holes too

  // Within one call an id may appear once: a repeat would fail, or worse, pass as our own retry.
  const checkRepeat = (seen: Set<string>, id: string, index: number): void => {
    if (seen.has(id)) {
      throw new ClarifaiValidationError(`${inputLabel(index, id)}: id appears more than once in this call`, {
        index,
        inputId: id,
        path: 'id',
      });
    }
    seen.add(id);
  };
  if (isArray) {
    const given = new Set<string>();
    source.forEach((input: NewInput, index) => input.id !== undefined && checkRepeat(given, input.id, index));
  }
  const seen = new Set<string>();
  const prepare = (input: NewInput, index: number): PendingInput => {
    if (!isArray) validateNewInput(input, index);
    const id = input.id ?? newInputId();
    checkRepeat(seen, id, index);
    return { input, index, id, idAssigned: input.id === undefined };
  };

  const added: Array<{ index: number; input: Input }> = [];
  const failed: FailedInput[] = [];
  const unconfirmed: UnconfirmedInput[] = [];
  const result = (): AddInputsResult => ({
    added: added.sort((a, b) => a.index - b.index).map((entry) => entry.input),
    failed: failed.sort((a, b) => a.index - b.index),
    ...(unconfirmed.length === 0 ? {} : { unconfirmed: unconfirmed.sort((a, b) => a.index - b.index) }),
  });
  try {
    await runPool(batchesOf(prepared(source, prepare), options.batchSize ?? ctx.batchSize), options.concurrency ?? ctx.concurrency, async (batch) => {
      const outcome = await postBatch(ctx, batch, call).catch((error: unknown) => {
        // Sent without an answer: the batch may have landed. (An API error is a refusal: nothing was stored.)
        if (error instanceof ClarifaiTransportError || error instanceof ClarifaiAbortError) {
          for (const p of batch) unconfirmed.push({ input: { ...p.input, id: p.id }, id: p.id, index: p.index });
        }
        throw error;
      });
      added.push(...outcome.added);
      failed.push(...outcome.failed);
      options.onProgress?.({ done: added.length + failed.length, failed: failed.length, ...(total === undefined ? {} : { total }) });
      if (options.failOnPartial === true && outcome.failed.length > 0) throw new StopOnFailure();
    });
  } catch (error) {
    const partial = result();
    if (error instanceof StopOnFailure) throw new ClarifaiPartialFailureError(partial);
    if (error instanceof ClarifaiError) throw error.withPartialResult(partial);
    throw new ClarifaiError(`addInputs: the input source failed: ${String(error)}`, { cause: error, partialResult: partial });
  }
  const final = result();
  if (options.failOnPartial === true && final.failed.length > 0) throw new ClarifaiPartialFailureError(final);
  return final;
}
