import { ClarifaiError } from '../client/errors';
import type { InputsClient } from '../client/inputs-client';
import type { FailedInput } from '../client/types';
import { StatusCode } from '../generated/clarifai/api/status/status_code.pb';
import type { SentInput } from './duplicate-check';

/** How long, after Ctrl-C, the results of the last batches may still be looked at (duplicate ids read back). */
const AFTER_ABORT_MS = 10_000;

/** One batch's outcome, in the CLI's terms: the items that landed and the refusals with their items. */
export interface SentBatch<T extends SentInput> {
  added: T[];
  failed: { failure: FailedInput; item: T }[];
  /**
   * The signal to use while handling this batch: the run's, or, for what the client reports
   * after an abort, a fresh short one, so the last batches can still be judged and recorded.
   */
  signal: AbortSignal;
}

export interface SendOptions {
  batchSize: number;
  concurrency: number;
  signal: AbortSignal;
}

/**
 * Sends `items` through the client's `addInputsInBatches` (its batching by count and bytes, its
 * concurrency) and hands each yielded batch to `onBatch` with the CLI's items attached (matched by
 * the results' `index`; only items in flight are held). When the client stops on an error or an
 * abort, what it reports in `partialResult` (in-flight batches confirmed by id) goes to `onBatch`
 * too before the error is rethrown, so every input the service holds is counted and recorded.
 */
export async function sendInputs<T extends SentInput>(
  client: InputsClient,
  items: AsyncIterable<T>,
  options: SendOptions,
  onBatch: (batch: SentBatch<T>) => Promise<void>,
): Promise<void> {
  const inFlight = new Map<number, T>();
  async function* inputs(): AsyncGenerator<T['input']> {
    let index = 0;
    for await (const item of items) {
      inFlight.set(index++, item);
      yield item.input;
    }
  }
  const take = (index: number): T => {
    const item = inFlight.get(index);
    if (item === undefined) throw new Error(`internal: no item at index ${index}`);
    inFlight.delete(index);
    return item;
  };
  const hand = (added: { index: number }[], failed: FailedInput[], signal: AbortSignal) =>
    onBatch({ added: added.map((a) => take(a.index)), failed: failed.map((f) => ({ failure: f, item: take(f.index) })), signal });

  const { batchSize, concurrency, signal } = options;
  try {
    for await (const result of client.addInputsInBatches(inputs(), { batchSize, concurrency, signal })) {
      await hand(result.added, result.failed, signal);
    }
  } catch (err) {
    const partial = err instanceof ClarifaiError ? err.partialResult : undefined;
    if (partial) {
      // After Ctrl-C, an input of a cancelled batch not found by id was not stored: not a failure
      // of the input; like one never sent, a rerun sends it.
      const failed = signal.aborted ? partial.failed.filter((f) => f.statusCode !== StatusCode.RPC_CANCELED) : partial.failed;
      try {
        await hand(partial.added, failed, signal.aborted ? AbortSignal.timeout(AFTER_ABORT_MS) : signal);
      } catch {
        // The error that stopped the run says more than one about its last results.
      }
    }
    throw err;
  }
}

/** How many inputs a stopped `sendInputs` left unconfirmed (sent; the service could not be asked). */
export function unconfirmedCount(err: unknown): number {
  return err instanceof ClarifaiError ? (err.partialResult?.unconfirmed?.length ?? 0) : 0;
}
