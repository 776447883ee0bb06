// `make chaos`: the fault-tolerance scenarios of issue 7 at full size, with a printed report.
//   node chaos/run.mjs [--n 10000] [--kills 20] [--only uploads,cli,emulator,connection] [--json file]
// Needs the build (dist/cjs). Exits 1 when any scenario loses, doubles or alters an input, or
// when the API key shows up in anything captured.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cliUnderKills } from './cli-kills.mjs';
import { connectionLoss } from './connection-loss.mjs';
import { emulatorUnderKills } from './emulator-kills.mjs';
import { findKey } from './grep-key.mjs';
import { captured, KEY, printTable, seconds } from './lib.mjs';
import { uploadHeader, uploadRow, uploadUnderFaults } from './upload-faults.mjs';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '10000' }, kills: { type: 'string', default: '20' }, only: { type: 'string' }, json: { type: 'string' } },
});
const n = Number(values.n);
const kills = Number(values.kills);
if (!Number.isInteger(n) || n < 1) throw new Error(`--n must be a positive integer, got ${values.n}`);
if (!Number.isInteger(kills) || kills < 1) throw new Error(`--kills must be a positive integer, got ${values.kills}`);
const only = new Set((values.only ?? 'uploads,cli,emulator,connection').split(','));

const report = {};
const failures = [];
const section = (title) => console.log(`\n## ${title}\n`);
console.log(`# Chaos report: ${new Date().toISOString()}, node ${process.version}, N = ${n}`);

if (only.has('uploads')) {
  section(`1. addInputs of ${n} inputs at 20% faults, per fault code and phase`);
  const rows = await uploadUnderFaults(n);
  printTable(uploadHeader, rows.map(uploadRow));
  for (const r of rows) if (!r.exactlyOnce) failures.push(`uploads ${r.code}/${r.phase}`);
  report.uploads = rows;
}

if (only.has('cli')) {
  section(`2. CLI add --resume of ${n} inputs, SIGKILL 3 times, 20% answers dropped after the write`);
  const r = await cliUnderKills(n);
  printTable(
    ['landed at each kill', 'final run exit', 'added', 'already present', 'skipped', 'failed', 'stored', 'missing', 'doubled', 'wrong data', 'time', 'exactly once'],
    [[r.landedAtKill.join(', '), r.exit, r.summary.added, r.summary.alreadyPresent, r.summary.skipped, r.summary.failed, r.stored, r.missing, r.doubled, r.wrongData, seconds(r.seconds * 1000), r.exactlyOnce && r.exit === 0 ? 'yes' : 'NO']],
  );
  if (!r.exactlyOnce || r.exit !== 0) failures.push('cli kills');
  report.cli = r;
}

if (only.has('emulator')) {
  section(`3. kill -9 the emulator ${kills} times during uploads to a file db`);
  const r = await emulatorUnderKills(kills);
  printTable(
    ['kills', 'db opened', 'acknowledged', 'stored', 'stored, not acknowledged', 'acknowledged but lost', 'doubled', 'median restart', 'time'],
    [[r.kills, `${r.opened}/${r.kills + 1}`, r.acknowledged, r.stored, r.unacknowledgedButStored, r.lostAfterRestart, r.doubled, `${Math.round(r.medianRestartMs)} ms`, seconds(r.seconds * 1000)]],
  );
  if (r.lostAfterRestart > 0 || r.doubled > 0 || r.opened !== r.kills + 1) failures.push('emulator kills');
  report.emulator = r;
}

if (only.has('connection')) {
  section(`4. emulator stopped mid-upload of ${n} inputs, back after 1 s on the same port and db`);
  const r = await connectionLoss(n);
  printTable(
    ['added', 'failed', 'refused attempts', 'first answer after the stop', 'stored', 'missing', 'doubled', 'time', 'exactly once'],
    [[r.added, r.failed, r.refusedAttempts, r.recoveredAfterMs === undefined ? 'never' : `${Math.round(r.recoveredAfterMs)} ms`, r.stored, r.missing, r.doubled, seconds(r.seconds * 1000), r.exactlyOnce ? 'yes' : 'NO']],
  );
  if (!r.exactlyOnce || r.failed > 0) failures.push('connection loss');
  report.connection = r;
}

section('5. the API key in captured output');
const texts = [...captured, JSON.stringify(report)];
const hits = texts.filter((text) => findKey(KEY, text).length > 0).length;
console.log(`${texts.length} captured outputs (CLI and emulator processes, the report) searched: ${hits === 0 ? 'the key appears in none' : `the key appears in ${hits}`}`);
if (hits > 0) failures.push('key in output');

if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
console.log(failures.length === 0 ? '\nchaos: every scenario passed' : `\nchaos: FAILED: ${failures.join(', ')}`);
process.exitCode = failures.length === 0 ? 0 : 1;
