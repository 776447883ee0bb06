/**
 * The goals of issue 15, checked against the figures of one run. Ratios compare runs of the same
 * round (contenders alternate, so run i of each ran side by side); a goal is met when every round
 * clears it. A goal without figures is "not measured".
 */
import type { BenchConfig, PacingScenario } from './config';
import { findRow, type BenchReport, type GoalCheck, type Row } from './harness/report';
import { exportVariant } from './workloads/memory';
import { EXPORT_CLI, RPC_VARIANT } from './workloads/read';
import { PACING_CONTENDER, scenarioName } from './workloads/throttle';
import { VARIANT } from './workloads/upload';
import { STREAMED_CLIENT, streamedVariant } from './workloads/streamed-upload';

const x = (value: number) => `${value.toFixed(2)}x`;

type Pair = [what: string, ours: Row | undefined, theirs: Row | undefined];

/** Per-round ratios of two rows' runs (ours[i] / theirs[i]), from `values` of each row. */
function roundRatios(ours: number[], theirs: number[]): number[] {
  return ours.slice(0, theirs.length).map((value, i) => value / (theirs[i] as number));
}

function check(goal: string, pairs: Pair[], values: (row: Row) => number[] | undefined, met: (r: number) => boolean): GoalCheck {
  const measured: string[] = [];
  let ok = true;
  for (const [what, ours, theirs] of pairs) {
    const a = ours && values(ours);
    const b = theirs && values(theirs);
    if (a === undefined || b === undefined || a.length === 0 || b.length === 0) return { goal, measured: `not measured (${what})`, met: false };
    const ratios = roundRatios(a, b);
    measured.push(`${what} ${ratios.map(x).join(', ')}`);
    ok &&= ratios.every(met);
  }
  return { goal, measured: measured.join('; '), met: ok };
}

const figures = (row: Row) => row.runs;
const cpuRuns = (row: Row) => row.cpuSecondsPerGbRuns;

/** Upload into the emulator, MB/s, in the first round (BENCHMARKS.md history): the base of the 2x goal. */
export const FIRST_ROUND_EMULATOR_UPLOAD = 94;
/** Small-input ingest into the emulator at sync FULL, inputs/s. */
export const INGEST_GOAL = 10_000;

export function checkGoals(report: BenchReport, config: BenchConfig): GoalCheck[] {
  const row = (w: string, c: string, v: string) => findRow(report, w, c, v);
  const up = (c: string, v: string) => row('upload', c, v);
  const read = (c: string, rpc: 'list' | 'stream') => row('read', c, RPC_VARIANT[rpc]);
  const facade = (v: string) => up('InputsClient.addInputs', v);
  const large = exportVariant(config.memory.large);
  const goals: GoalCheck[] = [];

  const exportRow = row('memory', EXPORT_CLI, large);
  const iterator = row('memory', 'InputsClient', large);
  goals.push({
    goal: `Export memory: \`${EXPORT_CLI}\` of 1,000,000 inputs under 150 MB peak RSS, default Node flags`,
    measured: exportRow
      ? `${(exportRow.rssRunsMb ?? [exportRow.peakRssMb]).map((r) => r.toFixed(0)).join(', ')} MB at ${config.memory.large.toLocaleString('en-US')} inputs` +
        (iterator ? ` (InputsClient.streamInputs in a user's process: ${(iterator.rssRunsMb ?? []).map((r) => r.toFixed(0)).join(', ')} MB)` : '')
      : 'not measured',
    met: exportRow !== undefined && exportRow.peakRssMb < 150 && config.memory.large >= 1_000_000,
  });
  goals.push(check('Stream decoding: streamInputs at least 1.5x the official stub', [['stream', read('InputsClient', 'stream'), read('official stub', 'stream')]], figures, (r) => r >= 1.5));
  goals.push(
    check(
      'Facade within 5% of our raw stub, list and stream',
      [
        ['list', read('InputsClient', 'list'), read('raw V2Client', 'list')],
        ['stream', read('InputsClient', 'stream'), read('raw V2Client', 'stream')],
      ],
      figures,
      (r) => r >= 0.95,
    ),
  );
  goals.push(
    check(
      'Upload CPU: client CPU s/GB at most 0.7x the official stub',
      [VARIANT.sinkDefault, VARIANT.sinkTuned, VARIANT.emulator].map((v): Pair => [v, facade(v), up('official stub', v)]),
      cpuRuns,
      (r) => r <= 0.7,
    ),
  );
  goals.push(
    check(
      'addInputs at least 0.9x grpc-js pre-encoded against the tuned sink',
      [['tuned sink', facade(VARIANT.sinkTuned), up('grpc-js pre-encoded', VARIANT.sinkTuned)]],
      figures,
      (r) => r >= 0.9,
    ),
  );
  const emulatorUpload = facade(VARIANT.emulator);
  goals.push({
    goal: `Emulator: uploads into it at least 2x the first round's ${FIRST_ROUND_EMULATOR_UPLOAD} MB/s`,
    measured: emulatorUpload ? `${emulatorUpload.runs.map((r) => r.toFixed(0)).join(', ')} MB/s (InputsClient.addInputs)` : 'not measured',
    met: emulatorUpload !== undefined && emulatorUpload.runs.every((r) => r >= 2 * FIRST_ROUND_EMULATOR_UPLOAD),
  });
  const ingest = [
    row('emulator', 'InputsClient.addInputs', `ingest ${config.emulator.ingestInputs.toLocaleString('en-US')}, sync FULL`),
    row('emulator', 'InputsClient.addInputs', `ingest ${config.emulator.storedInputs.toLocaleString('en-US')} (the stored set), sync FULL`),
  ];
  goals.push({
    goal: `Emulator ingest of at least ${INGEST_GOAL.toLocaleString('en-US')} inputs/s at sync FULL (${config.emulator.ingestInputs.toLocaleString('en-US')} and ${config.emulator.storedInputs.toLocaleString('en-US')} inputs)`,
    measured: ingest.every((r) => r !== undefined) ? ingest.map((r) => `${r?.variant}: ${r?.runs.map((v) => v.toFixed(0)).join(', ')} inputs/s`).join('; ') : 'not measured',
    met: ingest.every((r) => r !== undefined && r.runs.every((v) => v >= INGEST_GOAL)),
  });
  const streamed = row('streamed', STREAMED_CLIENT, streamedVariant.text(config.streamed.textInputs));
  goals.push({
    goal: 'Streamed upload (addInputsInBatches) RSS under 150 MB at 1M inputs',
    measured: streamed ? `${streamed.peakRssMb.toFixed(0)} MB at ${config.streamed.textInputs.toLocaleString('en-US')} inputs` : 'not measured',
    met: streamed !== undefined && streamed.peakRssMb < 150 && config.streamed.textInputs >= 1_000_000,
  });
  goals.push(...pacingGoals(report, config));
  return goals;
}

/** Issue 13: each paced run adds every input, within 1.15x the ideal time, with at most 10% of its calls throttled; pacing costs nothing unthrottled. */
function pacingGoals(report: BenchReport, config: BenchConfig): GoalCheck[] {
  const t = config.throttle;
  const paced = (s: PacingScenario, clients: number) =>
    findRow(report, 'throttle', PACING_CONTENDER.paced, scenarioName({ ...s, clients }));
  const goals: GoalCheck[] = [];
  for (const [s, clients] of [[t.slow, 1], [t.fast, 1], [t.shared, 2]] as const) {
    const row = paced(s, clients);
    const c = row?.counts;
    goals.push({
      goal: `Pacing, ${scenarioName({ ...s, clients })}: 0 failed, wall <= 1.15x ideal, <= 10% throttled`,
      measured: row === undefined || c === undefined ? 'not measured' : `${c['failed']} failed, ${x(row.value)}, ${((100 * (c['throttled'] ?? 0)) / Math.max(1, c['attempts'] ?? 0)).toFixed(1)}% throttled`,
      met: row !== undefined && c !== undefined && c['failed'] === 0 && row.value <= 1.15 && (c['throttled'] ?? 0) <= 0.1 * (c['attempts'] ?? 0),
    });
  }
  const variant = `${t.unthrottled.toLocaleString('en-US')} inputs, no throttling`;
  const on = findRow(report, 'throttle', PACING_CONTENDER.paced, variant);
  const off = findRow(report, 'throttle', PACING_CONTENDER['retry only'], variant);
  // Medians, not every round: a few-second upload on a shared machine varies by more than the limiter could cost.
  goals.push({
    goal: 'Pacing costs nothing unthrottled (median within 10% of rateLimiter: false)',
    measured: on === undefined || off === undefined ? 'not measured' : `${x(on.value / off.value)} (runs ${on.runs.map((r) => r.toFixed(0)).join(', ')} vs ${off.runs.map((r) => r.toFixed(0)).join(', ')} inputs/s)`,
    met: on !== undefined && off !== undefined && on.value / off.value >= 0.9,
  });
  return goals;
}
