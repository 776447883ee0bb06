/**
 * Runs the benchmark once in quick mode (`make bench QUICK=1`) and checks the report is well
 * formed: every workload, every contender with a positive figure and peak RSS, every goal
 * evaluated. No timing assertions: the figures of a smoke run on a shared machine mean nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QUICK } from '../../bench/config';
import { DECODERS, ENCODERS } from '../../bench/contenders/codec-child';
import type { BenchReport } from '../../bench/harness/report';
import { EXPORT_CLI, READ_CLIENTS, RPC_VARIANT } from '../../bench/workloads/read';
import { PACING_CONTENDER } from '../../bench/workloads/throttle';
import { UPLOAD_CLIENTS, VARIANT } from '../../bench/workloads/upload';
import { STREAMED_CLIENT, streamedVariant } from '../../bench/workloads/streamed-upload';

const root = path.resolve(__dirname, '../..');
// About 50 s on a quiet machine; over 240 s with a dozen other jobs on the two cores.
const RUN_LIMIT_MS = 600_000;

function runQuickBench(jsonFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bench/run.mjs', '--quick', '--json', jsonFile], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('make bench QUICK=1', () => {
  let dir: string;
  let report: BenchReport;
  let stdout: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'quick-bench-'));
    const jsonFile = path.join(dir, 'report.json');
    const run = await runQuickBench(jsonFile);
    if (run.code !== 0) throw new Error(`bench exited with ${run.code}:\n${run.stderr.slice(-4000)}`);
    stdout = run.stdout;
    report = JSON.parse(readFileSync(jsonFile, 'utf8')) as BenchReport;
  }, RUN_LIMIT_MS + 10_000);

  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  const rowsOf = (workload: string) => report.workloads.find((w) => w.id === workload)?.rows ?? [];
  const pairs = (workload: string) => rowsOf(workload).map((r) => `${r.contender} | ${r.variant}`);

  it('describes the run: quick mode, Node version, machine', () => {
    expect(report.mode).toBe('quick');
    expect(report.node).toBe(process.version);
    expect(report.machine.cpus).toBeGreaterThan(0);
    expect(report.workloads.map((w) => w.id)).toEqual(['upload', 'read', 'memory', 'emulator', 'flow-control', 'codec', 'streamed', 'throttle']);
  });

  it('gives every contender a positive figure and peak RSS, one run per round', () => {
    for (const workload of report.workloads) {
      expect(workload.rows.length).toBeGreaterThan(0);
      for (const row of workload.rows) {
        const where = `${workload.id}: ${row.contender} | ${row.variant}`;
        expect([where, Number.isFinite(row.value) && row.value > 0]).toEqual([where, true]);
        expect([where, row.peakRssMb > 0]).toEqual([where, true]);
        expect([where, row.runs.length >= 1 && row.runs.every((r) => Number.isFinite(r) && r > 0)]).toEqual([where, true]);
        if (row.unit === 'ms') expect([where, (row.p99 ?? 0) >= row.value]).toEqual([where, true]);
      }
    }
  });

  it('runs every upload contender against the default sink, the tuned sink and the emulator', () => {
    const expected = [VARIANT.sinkDefault, VARIANT.sinkTuned, VARIANT.emulator].flatMap((v) => UPLOAD_CLIENTS.map((c) => `${c} | ${v}`));
    expect(pairs('upload')).toEqual([...expected, `raw http2 | ${VARIANT.rawSink}`]);
    for (const row of rowsOf('upload')) expect(row.runs).toHaveLength(QUICK.rounds);
  });

  it('runs every read contender through ListInputs and StreamInputs, and the export at both sizes', () => {
    expect(pairs('read')).toEqual([RPC_VARIANT.list, RPC_VARIANT.stream].flatMap((v) => READ_CLIENTS.map((c) => `${c} | ${v}`)));
    expect(pairs('memory')).toEqual([
      ...READ_CLIENTS.map((c) => `${c} | export of ${QUICK.memory.small.toLocaleString('en-US')}`),
      ...[EXPORT_CLI, ...READ_CLIENTS].map((c) => `${c} | export of ${QUICK.memory.large.toLocaleString('en-US')}`),
    ]);
  });

  it('measures client CPU per GB for every upload row', () => {
    for (const row of rowsOf('upload')) {
      const where = `${row.contender} | ${row.variant}`;
      const cpu = row.cpuSecondsPerGbRuns ?? [];
      expect([where, cpu.length === row.runs.length && cpu.every((c) => Number.isFinite(c) && c > 0)]).toEqual([where, true]);
    }
  });

  it('measures emulator ingest with both sync modes and page latency of both RPCs', () => {
    const units = rowsOf('emulator').map((r) => r.unit);
    expect(units).toEqual(['inputs/s', 'inputs/s', 'inputs/s', 'ms', 'ms']);
  });

  it('streams a text upload into the emulator and images at every maxBatchBytes', () => {
    expect(pairs('streamed')).toEqual([
      `${STREAMED_CLIENT} | ${streamedVariant.text(QUICK.streamed.textInputs)}`,
      ...QUICK.streamed.maxBatchBytes.map((bytes) => `${STREAMED_CLIENT} | ${streamedVariant.image(bytes)}`),
    ]);
  });

  it('measures every serializer and deserializer alone', () => {
    expect(rowsOf('codec').map((r) => r.contender)).toEqual([...Object.keys(ENCODERS), ...Object.keys(DECODERS)]);
  });

  it('paces to the emulator throttle: every paced run adds every input; retry only and the unthrottled pair beside them', () => {
    const rows = rowsOf('throttle');
    expect(rows.map((r) => r.contender)).toEqual([
      PACING_CONTENDER.paced,
      PACING_CONTENDER.paced,
      PACING_CONTENDER.paced,
      PACING_CONTENDER['retry only'],
      PACING_CONTENDER.paced,
      PACING_CONTENDER['retry only'],
    ]);
    for (const row of rows.slice(0, 3)) expect([row.variant, row.counts?.['failed']]).toEqual([row.variant, 0]);
    expect(rows.slice(4).map((r) => r.unit)).toEqual(['inputs/s', 'inputs/s']);
  });

  it('evaluates every goal and prints one table per workload', () => {
    expect(report.goals).toHaveLength(12);
    for (const goal of report.goals) expect(goal.measured).not.toMatch(/not measured/);
    for (const workload of report.workloads) expect(stdout).toContain(`## ${workload.title}`);
    expect(stdout).toContain('## Goals');
  });
});
