/**
 * The one batcher: items of an array, iterable or async iterable, read lazily, in consecutive
 * batches of at most `size`. Used for inputs (addInputs), ids (deleteInputs, waitForInputs) and
 * patches (patchInputs).
 */
export async function* batchesOf<T>(items: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[], void, undefined> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
