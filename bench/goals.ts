/** The goals of issue 6, checked against the figures of one run. A goal without figures is "not measured". */
import type { BenchConfig } from './config';
import { findRow, type BenchReport, type GoalCheck, type Row } from './harness/report';
import { RPC_VARIANT } from './workloads/read';
import { VARIANT } from './workloads/upload';
import { STREAMED_CLIENT, streamedVariant } from './workloads/streamed-upload';

const ratio = (a: Row, b: Row) => a.value / b.value;
const x = (value: number) => `${value.toFixed(2)}x`;

function check(goal: string, pairs: [string, Row | undefined, Row | undefined][], met: (r: number) => boolean): GoalCheck {
  const measured: string[] = [];
  let ok = true;
  for (const [what, ours, theirs] of pairs) {
    if (ours === undefined || theirs === undefined) return { goal, measured: `not measured (${what})`, met: false };
    const r = ratio(ours, theirs);
    measured.push(`${what} ${x(r)}`);
    ok &&= met(r);
  }
  return { goal, measured: measured.join('; '), met: ok };
}

export function checkGoals(report: BenchReport, config: BenchConfig): GoalCheck[] {
  const row = (w: string, c: string, v: string) => findRow(report, w, c, v);
  const up = (c: string, v: string) => row('upload', c, v);
  const read = (c: string, rpc: 'list' | 'stream') => row('read', c, RPC_VARIANT[rpc]);
  const facade = (v: string) => up('InputsClient.addInputs', v);
  const goals: GoalCheck[] = [];

  goals.push(
    check(
      'Facade within 5% of our raw stub',
      [
        ['upload, default sink', facade(VARIANT.sinkDefault), up('raw V2Client', VARIANT.sinkDefault)],
        ['upload, tuned sink', facade(VARIANT.sinkTuned), up('raw V2Client', VARIANT.sinkTuned)],
        ['list', read('InputsClient', 'list'), read('raw V2Client', 'list')],
        ['stream', read('InputsClient', 'stream'), read('raw V2Client', 'stream')],
      ],
      (r) => r >= 0.95,
    ),
  );
  const large = `export of ${config.memory.large.toLocaleString('en-US')}`;
  goals.push(
    check(
      'At or above the official client in every workload',
      [
        ['upload, default sink', facade(VARIANT.sinkDefault), up('official stub', VARIANT.sinkDefault)],
        ['upload, tuned sink', facade(VARIANT.sinkTuned), up('official stub', VARIANT.sinkTuned)],
        ['upload, emulator', facade(VARIANT.emulator), up('official stub', VARIANT.emulator)],
        ['list', read('InputsClient', 'list'), read('official stub', 'list')],
        ['stream', read('InputsClient', 'stream'), read('official stub', 'stream')],
        [large, row('memory', 'InputsClient', large), row('memory', 'official stub', large)],
      ],
      (r) => r >= 1,
    ),
  );
  goals.push(
    check(
      'List and stream decoding at least 1.5x the official client',
      [
        ['list', read('InputsClient', 'list'), read('official stub', 'list')],
        ['stream', read('InputsClient', 'stream'), read('official stub', 'stream')],
      ],
      (r) => r >= 1.5,
    ),
  );
  goals.push(
    check(
      'Upload to our emulator at least 2x the official client against a default server',
      [['emulator vs default sink', facade(VARIANT.emulator), up('official stub', VARIANT.sinkDefault)]],
      (r) => r >= 2,
    ),
  );
  const exportRow = row('memory', 'InputsClient', large);
  goals.push({
    goal: 'Export RSS under 150 MB at 1M inputs',
    measured: exportRow ? `${exportRow.peakRssMb.toFixed(0)} MB at ${config.memory.large.toLocaleString('en-US')} inputs` : 'not measured',
    met: exportRow !== undefined && exportRow.peakRssMb < 150 && config.memory.large >= 1_000_000,
  });
  const ingest = row('emulator', 'InputsClient.addInputs', `ingest ${config.emulator.ingestInputs.toLocaleString('en-US')}, sync FULL`);
  goals.push({
    goal: 'Emulator ingest of at least 5,000 inputs/s',
    measured: ingest ? `${ingest.value.toFixed(0)} inputs/s (sync FULL)` : 'not measured',
    met: ingest !== undefined && ingest.value >= 5000,
  });
  const streamed = row('streamed', STREAMED_CLIENT, streamedVariant.text(config.streamed.textInputs));
  goals.push({
    goal: 'Streamed upload (addInputsInBatches) RSS under 150 MB at 1M inputs',
    measured: streamed ? `${streamed.peakRssMb.toFixed(0)} MB at ${config.streamed.textInputs.toLocaleString('en-US')} inputs` : 'not measured',
    met: streamed !== undefined && streamed.peakRssMb < 150 && config.streamed.textInputs >= 1_000_000,
  });
  return goals;
}
