/**
 * Child process: one list / stream contender. Reads one page to warm up, then times reading every
 * input and checks it saw each one exactly once, in order, with its metadata decoded.
 */
import { listedId } from '../fixtures/listed-inputs';
import { readTask, runContenderChild } from '../harness/child-protocol';
import type { ReadTask, Reader } from './read-task';
import { inputsClientReader } from './read/inputs-client';
import { officialStubReader } from './read/official-stub';
import { rawStubReader } from './read/raw-stub';

export const READERS: Record<string, (task: ReadTask) => Reader> = {
  InputsClient: inputsClientReader,
  'official stub': officialStubReader,
  'raw V2Client': rawStubReader,
};

class StopReading extends Error {}

async function main() {
  const task = readTask<ReadTask>();
  const make = READERS[task.contender];
  if (make === undefined) throw new Error(`unknown read contender ${JSON.stringify(task.contender)}`);
  const reader = make(task);
  try {
    // Warm-up on the same channel: the first page is fetched and decoded, then reading stops.
    await reader.read(() => {
      throw new StopReading();
    }).catch((error: unknown) => {
      if (!(error instanceof StopReading)) throw error;
    });
    let count = 0;
    const started = process.hrtime.bigint();
    await reader.read((id, metadataIndex) => {
      if (id !== listedId(count) || metadataIndex !== count) {
        throw new Error(`input ${count}: got id ${id} with metadata index ${metadataIndex}, expected ${listedId(count)}`);
      }
      count++;
    });
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (count !== task.total) throw new Error(`read ${count} of ${task.total} inputs`);
    return { elapsedMs, inputs: count, bytes: 0 };
  } finally {
    reader.close();
  }
}

if (require.main === module) runContenderChild(main);
