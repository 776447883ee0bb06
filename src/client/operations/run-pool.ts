/**
 * Runs `work` over items pulled lazily from an iterator (sync or async), at most `concurrency` at a time.
 * The first failure stops new work; the items already running finish, then it is thrown.
 */
export async function runPool<T>(
  items: AsyncIterator<T> | Iterator<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined) {
      let next: IteratorResult<T>;
      try {
        next = await items.next();
      } catch (error) {
        failure ??= { error };
        return;
      }
      if (next.done === true || failure !== undefined) return;
      try {
        await work(next.value);
      } catch (error) {
        failure ??= { error };
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure !== undefined) {
    await items.return?.();
    throw failure.error;
  }
}
