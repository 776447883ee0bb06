/**
 * Workload 4, the emulator: PostInputs ingest of small labelled inputs into a SQLite file (each
 * run on a fresh database, with `sync` FULL and NORMAL), then ListInputs / StreamInputs page
 * latency with the large set stored and processed.
 */
import { alternate, inputsPerSecond, type Entry } from '../harness/alternate';
import { runContender } from '../harness/fork-child';
import type { Row, WorkloadReport } from '../harness/report';
import { MB, quantile } from '../harness/stats';
import type { LatencyTask } from '../contenders/latency-child';
import type { UploadTask } from '../contenders/upload-task';
import type { WorkloadContext } from './context';
import { startEmulatorProcess, withServer } from './servers';

const CLIENT = 'InputsClient.addInputs';

function ingestTask(ctx: WorkloadContext, target: string, inputs: number): UploadTask {
  const { batchSize, concurrency } = ctx.config.upload;
  return { contender: CLIENT, target, inputs, imageBytes: ctx.config.emulator.ingestImageBytes, batchSize, concurrency, labelled: true };
}

export async function emulatorWorkload(ctx: WorkloadContext): Promise<WorkloadReport> {
  const e = ctx.config.emulator;
  const ingest = (sync: 'FULL' | 'NORMAL'): Entry => ({
    contender: CLIENT,
    variant: `ingest ${e.ingestInputs.toLocaleString('en-US')}, sync ${sync}`,
    run: () =>
      withServer(
        () => startEmulatorProcess(ctx, 'ingest', sync),
        (emulator) => runContender('contenders/upload-child', ingestTask(ctx, emulator.target, e.ingestInputs), 'ingest', ctx.config.childTimeoutMs),
      ),
  });
  const rows: Row[] = await alternate(ctx.config.rounds, [ingest('FULL'), ingest('NORMAL')], 'inputs/s', inputsPerSecond, ctx.log);

  await withServer(
    () => startEmulatorProcess(ctx, 'stored'),
    async (emulator) => {
      const seed: Entry = {
        contender: CLIENT,
        variant: `ingest ${e.storedInputs.toLocaleString('en-US')} (the stored set), sync FULL`,
        run: () => runContender('contenders/upload-child', ingestTask(ctx, emulator.target, e.storedInputs), 'seed', ctx.config.childTimeoutMs),
      };
      rows.push(...(await alternate(1, [seed], 'inputs/s', inputsPerSecond, ctx.log)));
      for (const rpc of ['list', 'stream'] as const) {
        const task: LatencyTask = { target: emulator.target, rpc, stored: e.storedInputs, perPage: e.perPage, pages: e.latencyPages };
        const m = await runContender('contenders/latency-child', task, `${rpc} latency`, ctx.config.childTimeoutMs);
        const latencies = m.latenciesMs ?? [];
        const row: Row = {
          contender: 'raw V2Client',
          variant: `${rpc === 'list' ? 'ListInputs' : 'StreamInputs'} page of ${e.perPage}, ${e.storedInputs.toLocaleString('en-US')} stored`,
          unit: 'ms',
          value: quantile(latencies, 0.5),
          runs: [quantile(latencies, 0.5)],
          p99: quantile(latencies, 0.99),
          peakRssMb: m.maxRssBytes / MB,
        };
        ctx.log(`  ${row.variant}: p50 ${row.value.toFixed(1)} ms, p99 ${row.p99?.toFixed(1)} ms over ${latencies.length} calls`);
        rows.push(row);
      }
    },
  );
  return {
    id: 'emulator',
    title: 'Emulator',
    method: `Ingest: ${e.ingestInputs} inputs of ${e.ingestImageBytes} B image bytes, each with 2 concepts, 1 negative concept and a metadata object, through InputsClient.addInputs (batches of ${ctx.config.upload.batchSize}, ${ctx.config.upload.concurrency} in flight) into a fresh SQLite file; figure: inputs per second. Latency: ${e.latencyPages} sequential page calls through the raw V2Client once every input is processed; figure: p50 (p99 beside it), ms.`,
    rows,
  };
}
