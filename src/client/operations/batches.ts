/**
 * The one batcher: items of an array, iterable or async iterable, read lazily, in consecutive
 * batches of at most `size`. Used for inputs (addInputs), ids (deleteInputs, waitForInputs) and
 * patches (patchInputs). With `bytes`, a batch also holds at most `maxBytes` by `bytesOf` (an
 * item bigger than that alone goes in a batch of its own): addInputs cuts by encoded size.
 * Nothing is read ahead of the batch being filled.
 */
export interface ByteLimit<T> {
  maxBytes: number;
  bytesOf(item: T): number;
}

export async function* batchesOf<T>(
  items: Iterable<T> | AsyncIterable<T>,
  size: number,
  bytes?: ByteLimit<T>,
): AsyncGenerator<T[], void, undefined> {
  let batch: T[] = [];
  let batchBytes = 0;
  for await (const item of items) {
    const itemBytes = bytes?.bytesOf(item) ?? 0;
    if (bytes !== undefined && batch.length > 0 && batchBytes + itemBytes > bytes.maxBytes) {
      yield batch;
      batch = [];
      batchBytes = 0;
    }
    batch.push(item);
    batchBytes += itemBytes;
    if (batch.length === size) {
      yield batch;
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length > 0) yield batch;
}
