/**
 * Workload 2, list and decode: a sink serving pre-encoded pages of inputs with concepts and
 * metadata, read through ListInputs pages and through StreamInputs by every read contender.
 */
import { alternate, inputsPerSecond, type Entry } from '../harness/alternate';
import { runContender } from '../harness/fork-child';
import type { WorkloadReport } from '../harness/report';
import type { ReadTask } from '../contenders/read-task';
import type { WorkloadContext } from './context';
import { startSink, withServer } from './servers';

export const READ_CLIENTS = ['InputsClient', 'official stub', 'raw V2Client'];
/** The CLI's `export` command run as a user runs it (contenders/export-child.ts): StreamInputs to JSONL. */
export const EXPORT_CLI = 'clarifai-inputs export';
export const RPC_VARIANT = { list: 'ListInputs pages', stream: 'StreamInputs' } as const;

export function readEntry(ctx: WorkloadContext, task: ReadTask, variant: string, execArgv: string[] = []): Entry {
  return {
    contender: task.contender,
    variant,
    run: () =>
      runContender(task.contender === EXPORT_CLI ? 'contenders/export-child' : 'contenders/read-child', task, `${task.contender} ${task.rpc}`, ctx.config.childTimeoutMs, execArgv),
  };
}

export async function readWorkload(ctx: WorkloadContext): Promise<WorkloadReport> {
  const { inputs: total, perPage } = ctx.config.list;
  const rows = await withServer(
    () => startSink({ listInputs: total, cachePerPage: perPage }),
    (sink) => {
      const entries = (['list', 'stream'] as const).flatMap((rpc) =>
        READ_CLIENTS.map((contender) => readEntry(ctx, { contender, rpc, target: sink.target, total, perPage }, RPC_VARIANT[rpc])),
      );
      return alternate(ctx.config.rounds, entries, 'inputs/s', inputsPerSecond, ctx.log);
    },
  );
  return {
    id: 'read',
    title: 'List and decode',
    method: `${total} inputs (image URL, 3 concepts, a 6-key metadata object with a list and a nested object, timestamps, status), ${perPage} per page, from a grpc-js sink serving pre-encoded pages. Each contender decodes every input and reads its id and metadata. Figure: inputs per second.`,
    rows,
    baseline: { by: 'contender', names: ['official stub'] },
  };
}
