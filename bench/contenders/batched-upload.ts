/** The same batching for every hand-driven contender: fixed-size batches, a fixed number in flight. */
import { runPool } from '../harness/pool';

/** `send(start, count, slot)` sends one batch and resolves to the inputs acknowledged. */
export type SendBatch = (start: number, count: number, slot: number) => Promise<number>;

export async function uploadInBatches(first: number, count: number, batchSize: number, concurrency: number, send: SendBatch): Promise<number> {
  let accepted = 0;
  const batches = Math.ceil(count / batchSize);
  await runPool(batches, concurrency, async (b, slot) => {
    const start = first + b * batchSize;
    // Read `accepted` only after the await: `accepted += await ...` would lose concurrent updates.
    const acknowledged = await send(start, Math.min(batchSize, first + count - start), slot);
    accepted += acknowledged;
  });
  return accepted;
}
