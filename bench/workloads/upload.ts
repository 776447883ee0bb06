/**
 * Workload 1, upload: image inputs in batches with a fixed concurrency, against a grpc-js sink
 * with default settings (a foreign server), the same sink with tuned HTTP/2 settings, and our
 * emulator on a SQLite file (a fresh one per run). Raw HTTP/2 against the raw sink is the limit.
 */
import { alternate, megabytesPerSecond, type Entry } from '../harness/alternate';
import { runContender, type ServerProcess } from '../harness/fork-child';
import type { Row, WorkloadReport } from '../harness/report';
import type { UploadTask } from '../contenders/upload-task';
import type { WorkloadContext } from './context';
import { startEmulatorProcess, startRawSink, startSink, TUNED_SERVER, withServer } from './servers';

export const UPLOAD_CLIENTS = ['InputsClient.addInputs', 'InputsClient.addInputs via grpc-js', 'official stub', 'raw V2Client', 'raw V2Client + single-copy encoder', 'grpc-js pre-encoded'];
export const VARIANT = { sinkDefault: 'sink, default settings', sinkTuned: 'sink, tuned settings', emulator: 'emulator (file db)', rawSink: 'raw http2 sink' };

export function uploadTask(ctx: WorkloadContext, contender: string, target: string): UploadTask {
  const { inputs, imageBytes, batchSize, concurrency } = ctx.config.upload;
  return { contender, target, inputs, imageBytes, batchSize, concurrency };
}

function entry(ctx: WorkloadContext, contender: string, variant: string, target: () => Promise<ServerProcess> | ServerProcess): Entry {
  return {
    contender,
    variant,
    async run() {
      const server = await target();
      return runContender('contenders/upload-child', uploadTask(ctx, contender, server.target), `${contender} upload`, ctx.config.childTimeoutMs);
    },
  };
}

export async function uploadWorkload(ctx: WorkloadContext): Promise<WorkloadReport> {
  const { rounds } = ctx.config;
  const rows: Row[] = [];
  const againstSink = async (variant: string, tuned: boolean) =>
    withServer(
      () => startSink(tuned ? { tuning: TUNED_SERVER } : {}),
      async (sink) => {
        // One sink serves every run: warmed up first, so the first contender of round 1 (always
        // the facade) does not also pay for a server still compiling its hot code.
        await runContender('contenders/upload-child', uploadTask(ctx, 'grpc-js pre-encoded', sink.target), 'sink warm-up', ctx.config.childTimeoutMs);
        return alternate(rounds, UPLOAD_CLIENTS.map((c) => entry(ctx, c, variant, () => sink)), 'MB/s', megabytesPerSecond, ctx.log);
      },
    );
  rows.push(...(await againstSink(VARIANT.sinkDefault, false)));
  rows.push(...(await againstSink(VARIANT.sinkTuned, true)));

  // A fresh emulator and database per run: every run stores the same ids.
  const emulatorEntries = UPLOAD_CLIENTS.map((contender) => ({
    contender,
    variant: VARIANT.emulator,
    run: () =>
      withServer(
        () => startEmulatorProcess(ctx, 'upload'),
        (emulator) => runContender('contenders/upload-child', uploadTask(ctx, contender, emulator.target), `${contender} upload`, ctx.config.childTimeoutMs),
      ),
  }));
  rows.push(...(await alternate(rounds, emulatorEntries, 'MB/s', megabytesPerSecond, ctx.log)));

  rows.push(
    ...(await withServer(startRawSink, (raw) =>
      alternate(rounds, [entry(ctx, 'raw http2', VARIANT.rawSink, () => raw)], 'MB/s', megabytesPerSecond, ctx.log),
    )),
  );
  const u = ctx.config.upload;
  return {
    id: 'upload',
    title: 'Upload',
    method: `${u.inputs} image inputs of ${u.imageBytes / 1024} KB bytes, batches of ${u.batchSize}, ${u.concurrency} in flight. Figure: image bytes acknowledged per second (MB = 10^6 B). Each sink is warmed up by one unrecorded upload before the first round; the emulator is a fresh process per run.`,
    rows,
    baseline: { by: 'contender', names: ['official stub'] },
  };
}
