/**
 * Workload 3, memory: an export through StreamInputs of a small and a large set, by each read
 * contender in its own process and by the CLI's `export` command (default Node flags, its JSONL
 * read from a pipe). Peak RSS should not grow with the number of inputs.
 */
import { alternate, inputsPerSecond } from '../harness/alternate';
import type { WorkloadReport } from '../harness/report';
import type { WorkloadContext } from './context';
import { EXPORT_CLI, READ_CLIENTS, readEntry } from './read';
import { startSink, withServer } from './servers';

export function exportVariant(total: number): string {
  return `export of ${total.toLocaleString('en-US')}`;
}

export async function memoryWorkload(ctx: WorkloadContext): Promise<WorkloadReport> {
  const { small, large, perPage } = ctx.config.memory;
  const runs = [
    { total: small, contenders: READ_CLIENTS },
    { total: large, contenders: [EXPORT_CLI, ...READ_CLIENTS] },
  ];
  const rows = [];
  for (const run of runs) {
    rows.push(
      ...(await withServer(
        () => startSink({ listInputs: run.total, cachePerPage: perPage }),
        (sink) => {
          const entries = run.contenders.map((contender) =>
            readEntry(ctx, { contender, rpc: 'stream', target: sink.target, total: run.total, perPage }, exportVariant(run.total)),
          );
          return alternate(ctx.config.rounds, entries, 'inputs/s', inputsPerSecond, ctx.log);
        },
      )),
    );
  }
  return {
    id: 'memory',
    title: 'Memory: export through StreamInputs',
    method: `StreamInputs, ${perPage} per page, every input decoded and dropped (the read contenders) or written as JSONL to a pipe that another process reads and checks (\`${EXPORT_CLI}\`: \`node src/cli/main.js export --per-page ${perPage}\` with default Node flags, timed from spawn to exit). Figure: inputs per second; the column that matters is the peak RSS of the reading process (the CLI's own process for the export; the largest over the runs, each run in brackets), at ${small.toLocaleString('en-US')} and ${large.toLocaleString('en-US')} inputs.`,
    rows,
    baseline: { by: 'contender', names: ['official stub'] },
  };
}
