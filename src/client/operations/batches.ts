/**
 * Reads an array, iterable or async iterable lazily and yields batches of at most `size`,
 * each item passed through `prepare` (validation, id assignment) as it is read.
 */
import type { InputSource, NewInput } from '../types';

export async function* batchesOf<T>(
  source: InputSource,
  size: number,
  prepare: (input: NewInput, index: number) => T,
): AsyncGenerator<T[], void, undefined> {
  let batch: T[] = [];
  let index = 0;
  for await (const input of source as AsyncIterable<NewInput>) {
    batch.push(prepare(input, index++));
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
