/** The goals of issue 6, checked against the figures of one run. A goal without figures is "not measured". */
import type { BenchConfig, PacingScenario } from './config';
import { findRow, type BenchReport, type GoalCheck, type Row } from './harness/report';
import { RPC_VARIANT } from './workloads/read';
import { PACING_CONTENDER, scenarioName } from './workloads/throttle';
import { VARIANT } from './workloads/upload';

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
  goals.push(
    check(
      'Pacing costs nothing unthrottled (within 5%)',
      [['upload, paced vs unpaced', findRow(report, 'throttle', PACING_CONTENDER.paced, variant), findRow(report, 'throttle', PACING_CONTENDER['retry only'], variant)]],
      (r) => r >= 0.95,
    ),
  );
  return goals;
}
