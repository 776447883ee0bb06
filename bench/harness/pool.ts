/** Runs `count` numbered jobs with at most `concurrency` in flight; each worker keeps its slot. */
export async function runPool(
  count: number,
  concurrency: number,
  job: (index: number, slot: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (slot: number): Promise<void> => {
    while (next < count) {
      const index = next++;
      await job(index, slot);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, (_, slot) => worker(slot)));
}
