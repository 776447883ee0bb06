/**
 * Workload 3, memory: an export through StreamInputs of a small and a large set. Peak RSS of the
 * reading process should not grow with the number of inputs (one page in memory at a time).
 */
import { alternate, inputsPerSecond } from '../harness/alternate';
import type { WorkloadReport } from '../harness/report';
import type { WorkloadContext } from './context';
import { READ_CLIENTS, readEntry } from './read';
import { startSink, withServer } from './servers';

export async function memoryWorkload(ctx: WorkloadContext): Promise<WorkloadReport> {
  const { small, large, perPage } = ctx.config.memory;
  const rows = [];
  for (const total of [small, large]) {
    rows.push(
      ...(await withServer(
        () => startSink({ listInputs: total, cachePerPage: perPage }),
        (sink) => {
          const variant = `export of ${total.toLocaleString('en-US')}`;
          const entries = READ_CLIENTS.map((contender) => readEntry(ctx, { contender, rpc: 'stream', target: sink.target, total, perPage }, variant));
          // One round: this workload is about peak RSS, which does not need a median.
          return alternate(1, entries, 'inputs/s', inputsPerSecond, ctx.log);
        },
      )),
    );
  }
  return {
    id: 'memory',
    title: 'Memory: export through StreamInputs',
    method: `StreamInputs, ${perPage} per page, every input decoded and dropped. Figure: inputs per second; the column that matters is peak RSS of the reading process, at ${small.toLocaleString('en-US')} and ${large.toLocaleString('en-US')} inputs.`,
    rows,
    baseline: { by: 'contender', names: ['official stub'] },
  };
}
