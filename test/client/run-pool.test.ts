/** runPool: bounded concurrency, lazy pulling, and stop-on-first-failure with in-flight work finished. */
import { runPool } from '../../src/client/operations/run-pool';

async function* numbers(n: number, pulled: number[]): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    pulled.push(i);
    yield i;
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('never more than `concurrency` at once, every item once', async () => {
  let running = 0;
  let peak = 0;
  const done: number[] = [];
  await runPool(numbers(20, []), 3, async (i) => {
    running++;
    peak = Math.max(peak, running);
    await tick();
    running--;
    done.push(i);
  });
  expect(peak).toBe(3);
  expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
});

test('the first failure stops new work; work already running finishes; the error is thrown', async () => {
  const pulled: number[] = [];
  const finished: number[] = [];
  const error = await runPool(numbers(100, pulled), 2, async (i) => {
    if (i === 3) throw new Error('boom at 3');
    await tick();
    await tick();
    finished.push(i);
  }).catch((e: unknown) => e);
  expect((error as Error).message).toBe('boom at 3');
  expect(pulled.length).toBeLessThanOrEqual(6);
  expect(finished).toEqual(expect.arrayContaining([0, 1, 2]));
  expect(finished).not.toContain(3);
});

test('a source that throws stops the pool with its error', async () => {
  async function* failing(): AsyncGenerator<number> {
    yield 1;
    throw new Error('source broke');
  }
  const seen: number[] = [];
  await expect(runPool(failing(), 4, async (i) => void seen.push(i))).rejects.toThrow('source broke');
  expect(seen).toEqual([1]);
});
