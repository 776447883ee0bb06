/**
 * Cuts a lazily read (sync or async) sequence into batches of at most `maxCount` items and at
 * most `maxBytes` bytes by `bytesOf`. An item bigger than `maxBytes` alone goes in a batch of
 * its own. Nothing is read ahead of the batch being filled.
 */
export interface BatchLimits {
  maxCount: number;
  maxBytes: number;
}

export async function* batchesOf<T>(
  items: AsyncIterable<T> | Iterable<T>,
  { maxCount, maxBytes }: BatchLimits,
  bytesOf: (item: T) => number,
): AsyncGenerator<T[], void, undefined> {
  let batch: T[] = [];
  let bytes = 0;
  for await (const item of items) {
    const size = bytesOf(item);
    if (batch.length > 0 && bytes + size > maxBytes) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
    if (batch.length === maxCount) {
      yield batch;
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) yield batch;
}
