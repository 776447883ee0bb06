/**
 * Workload 7, streamed upload: `addInputsInBatches` keeps no results, so a client's memory does
 * not grow with the number of inputs (a million generated text inputs into the emulator), and
 * while uploading images it stays about `concurrency x maxBatchBytes` plus a constant (images
 * into the sink, one row per `maxBatchBytes`: the data behind the 8 MiB default).
 */
import { alternate, inputsPerSecond, megabytesPerSecond, type Entry } from '../harness/alternate';
import { runContender } from '../harness/fork-child';
import type { WorkloadReport } from '../harness/report';
import type { StreamedUploadTask } from '../contenders/streamed-upload-child';
import type { WorkloadContext } from './context';
import { startEmulatorProcess, startSink, withServer } from './servers';

export const STREAMED_CLIENT = 'InputsClient.addInputsInBatches';
const MIB = 1024 * 1024;

export const streamedVariant = {
  text: (inputs: number) => `${inputs.toLocaleString('en-US')} text inputs into the emulator, default options`,
  image: (maxBatchBytes: number) => `images into the sink, maxBatchBytes ${maxBatchBytes / MIB} MiB`,
};

export async function streamedUploadWorkload(ctx: WorkloadContext): Promise<WorkloadReport> {
  const s = ctx.config.streamed;
  const run = (task: StreamedUploadTask, what: string) => runContender('contenders/streamed-upload-child', task, what, ctx.config.childTimeoutMs);
  const text: Entry = {
    contender: STREAMED_CLIENT,
    variant: streamedVariant.text(s.textInputs),
    run: () => withServer(() => startEmulatorProcess(ctx, 'streamed', 'NORMAL'), (emulator) => run({ target: emulator.target, inputs: s.textInputs, kind: 'text' }, 'streamed text')),
  };
  const rows = await alternate(1, [text], 'inputs/s', inputsPerSecond, ctx.log);
  const images: Entry[] = s.maxBatchBytes.map((maxBatchBytes) => ({
    contender: STREAMED_CLIENT,
    variant: streamedVariant.image(maxBatchBytes),
    run: () =>
      withServer(
        () => startSink({}),
        (sink) => run({ target: sink.target, inputs: s.imageInputs, kind: 'image', imageBytes: s.imageBytes, maxBatchBytes }, `images, ${maxBatchBytes / MIB} MiB batches`),
      ),
  }));
  rows.push(...(await alternate(ctx.config.rounds, images, 'MB/s', megabytesPerSecond, ctx.log)));
  return {
    id: 'streamed',
    title: 'Streamed upload: addInputsInBatches',
    method: `Text: ${s.textInputs.toLocaleString('en-US')} generated text inputs (~100 B each) through addInputsInBatches into the emulator (sync NORMAL), default client options, each batch's result counted and dropped; figure: inputs per second, the column that matters is peak RSS. Images: ${s.imageInputs} images of ${(s.imageBytes / MIB).toFixed(1)} MiB into the sink, default concurrency (4), one row per maxBatchBytes; figure: MB/s, with peak RSS beside it.`,
    rows,
  };
}
