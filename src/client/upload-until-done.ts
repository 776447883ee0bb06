/**
 * What a careful caller does when `addInputs` itself gives up (a fault it does not retry): call
 * it again with the inputs not yet accounted for, same ids, and count a duplicate-id refusal of
 * its own id as "already there". Needs caller-chosen ids: with client-made ids a batch that
 * landed without an answer could not be recognised on the next call. Used by the reliability
 * tests and the chaos runs (RELIABILITY.md); not a public entry point.
 */
import { isDuplicateIdRefusal } from '../duplicate-id';
import { ClarifaiError } from './errors';
import type { InputsClient } from './inputs-client';
import type { AddInputsResult, NewInput } from './types';

export interface UploadOutcome {
  /** addInputs calls it took. */
  calls: number;
  /** Ids accounted for as stored (added, or found as our own earlier write). */
  present: Set<string>;
  /** Error messages of the calls that gave up. */
  errors: string[];
}

export async function uploadUntilDone(
  client: InputsClient,
  inputs: ReadonlyArray<NewInput & { id: string }>,
  maxCalls: number,
): Promise<UploadOutcome> {
  const outcome: UploadOutcome = { calls: 0, present: new Set(), errors: [] };
  const absorb = (result: AddInputsResult): void => {
    for (const input of result.added) outcome.present.add(input.id);
    for (const failed of result.failed) {
      if (isDuplicateIdRefusal(failed)) outcome.present.add(failed.id);
      else throw new Error(`input ${failed.id} really failed: ${failed.statusCodeName} ${failed.details}`);
    }
  };
  let remaining = [...inputs];
  while (remaining.length > 0) {
    if (outcome.calls >= maxCalls) {
      throw new Error(`${remaining.length} inputs still unsent after ${maxCalls} calls; last error: ${outcome.errors.at(-1)}`);
    }
    outcome.calls++;
    try {
      absorb(await client.addInputs(remaining));
    } catch (error) {
      if (!(error instanceof ClarifaiError) || error.partialResult === undefined) throw error;
      outcome.errors.push(error.message);
      absorb(error.partialResult);
    }
    remaining = remaining.filter((input) => !outcome.present.has(input.id));
  }
  return outcome;
}
