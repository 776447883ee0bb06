/**
 * Runs `worker` over the items of `source` with at most `concurrency` in flight, pulling items
 * lazily. The first error stops the intake, waits for the work in flight, and is rethrown.
 * `source` is shared by the lanes: async generators queue concurrent next() calls themselves.
 */
export async function runPool<T>(
  source: AsyncGenerator<T>,
  concurrency: number,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (!failure) {
      const next = await source.next();
      if (next.done) return;
      try {
        await worker(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, lane));
  // A lane only rejects when the source itself throws.
  for (const s of settled) if (s.status === 'rejected') failure ??= { error: s.reason };
  if (failure) {
    await source.return(undefined);
    throw failure.error;
  }
}
