/**
 * Workload 3, memory: an export through StreamInputs of a small and a large set. Peak RSS of the
 * reading process should not grow with the number of inputs (one page in memory at a time).
 */
import { alternate, inputsPerSecond } from '../harness/alternate';
import type { WorkloadReport } from '../harness/report';
import type { WorkloadContext } from './context';
import { READ_CLIENTS, readEntry } from './read';
import { startSink, withServer } from './servers';

export const OLD_SPACE_CAP = '--max-old-space-size=128';

export async function memoryWorkload(ctx: WorkloadContext): Promise<WorkloadReport> {
  const { small, large, perPage } = ctx.config.memory;
  const smallerPage = perPage / 2;
  const runs: { total: number; perPage: number; contenders: string[]; execArgv?: string[] }[] = [
    { total: small, perPage, contenders: READ_CLIENTS },
    { total: large, perPage, contenders: READ_CLIENTS },
    // Peak RSS follows how much of a page is alive at once, so the smaller page is measured too.
    { total: large, perPage: smallerPage, contenders: ['InputsClient', 'raw V2Client'] },
    // Most of the peak is garbage V8 has not collected yet: a cap on the old generation bounds it.
    { total: large, perPage, contenders: ['InputsClient'], execArgv: [OLD_SPACE_CAP] },
  ];
  const rows = [];
  for (const run of runs) {
    rows.push(
      ...(await withServer(
        () => startSink({ listInputs: run.total, cachePerPage: run.perPage }),
        (sink) => {
          const variant = `export of ${run.total.toLocaleString('en-US')}${run.perPage === perPage ? '' : `, ${run.perPage} per page`}${run.execArgv ? `, ${run.execArgv.join(' ')}` : ''}`;
          const entries = run.contenders.map((contender) =>
            readEntry(ctx, { contender, rpc: 'stream', target: sink.target, total: run.total, perPage: run.perPage }, variant, run.execArgv),
          );
          return alternate(ctx.config.rounds, entries, 'inputs/s', inputsPerSecond, ctx.log);
        },
      )),
    );
  }
  return {
    id: 'memory',
    title: 'Memory: export through StreamInputs',
    method: `StreamInputs, ${perPage} per page (${smallerPage} where the variant says so; the last row runs Node with ${OLD_SPACE_CAP}), every input decoded and dropped. Figure: inputs per second; the column that matters is the peak RSS of the reading process (the largest over the runs, each run in brackets), at ${small.toLocaleString('en-US')} and ${large.toLocaleString('en-US')} inputs.`,
    rows,
    baseline: { by: 'contender', names: ['official stub'] },
  };
}
