/**
 * Codecs alone, in one process each and without a network: where the time of an upload or a page
 * goes before the transport. Encode rows: one PostInputs batch; decode rows: one page of inputs.
 */
import { alternate, inputsPerSecond, megabytesPerSecond, type Entry } from '../harness/alternate';
import { runContender } from '../harness/fork-child';
import type { WorkloadReport } from '../harness/report';
import { DECODERS, ENCODERS, type CodecTask } from '../contenders/codec-child';
import type { WorkloadContext } from './context';

export async function codecWorkload(ctx: WorkloadContext): Promise<WorkloadReport> {
  const { batchSize, imageBytes } = ctx.config.upload;
  const perPage = ctx.config.list.perPage;
  const quick = ctx.config.mode === 'quick';
  const entry = (codec: string, variant: string, iterations: number): Entry => {
    const task: CodecTask = { codec, iterations, batchSize, imageBytes, perPage };
    return { contender: codec, variant, run: () => runContender('contenders/codec-child', task, codec, ctx.config.childTimeoutMs) };
  };
  const encodeVariant = `encode PostInputs of ${batchSize} x ${imageBytes / 1024} KB`;
  const decodeVariant = `decode a page of ${perPage}`;
  const rows = [
    ...(await alternate(ctx.config.rounds, Object.keys(ENCODERS).map((c) => entry(c, encodeVariant, quick ? 10 : 100)), 'MB/s', megabytesPerSecond, ctx.log)),
    ...(await alternate(ctx.config.rounds, Object.keys(DECODERS).map((c) => entry(c, decodeVariant, quick ? 5 : 100)), 'inputs/s', inputsPerSecond, ctx.log)),
  ];
  return {
    id: 'codec',
    title: 'Codecs alone',
    method: `In-process, no network: the serializer each client hands grpc-js, over one PostInputs batch (${batchSize} x ${imageBytes / 1024} KB images; figure: image MB per second), and the deserializer over one page of ${perPage} listed inputs (figure: inputs per second).`,
    rows,
    baseline: { by: 'contender', names: ['official stub serializer', 'official stub deserializer'] },
  };
}
