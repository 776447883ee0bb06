/** The report as Markdown: one table per workload, then the goals. */
import type { BenchReport, Row, WorkloadReport } from './report';
import { median } from './stats';

const commonPrefix = (a: string, b: string) => {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
};

/** The row `row` is compared with; among several candidates, the one whose variant is most alike. */
function baselineOf(workload: WorkloadReport, row: Row): Row | undefined {
  const b = workload.baseline;
  if (b === undefined) return undefined;
  const candidates = workload.rows.filter((r) =>
    b.by === 'contender' ? r.variant === row.variant && b.names.includes(r.contender) : r.contender === row.contender && b.names.includes(r.variant),
  );
  return candidates.sort((x, y) => commonPrefix(y.variant, row.variant) - commonPrefix(x.variant, row.variant))[0];
}

const fixed = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function figure(row: Row): string {
  if (row.unit === 'ms') return `p50 ${row.value.toFixed(1)} ms, p99 ${(row.p99 ?? Number.NaN).toFixed(1)} ms`;
  return `${fixed(row.value)} ${row.unit}${row.detail === undefined ? '' : `; ${row.detail}`}`;
}

/** Median client CPU seconds per GB of a row, or undefined where it was not measured. */
export function cpuPerGb(row: Row): number | undefined {
  return row.cpuSecondsPerGbRuns === undefined ? undefined : median(row.cpuSecondsPerGbRuns);
}

function cpuCells(row: Row, base: Row | undefined): string {
  const cpu = cpuPerGb(row);
  if (cpu === undefined) return ' | |';
  const runs = (row.cpuSecondsPerGbRuns ?? []).map((c) => c.toFixed(2)).join(', ');
  const baseCpu = base === undefined || base === row ? undefined : cpuPerGb(base);
  return ` ${cpu.toFixed(2)} (${runs}) | ${baseCpu === undefined ? '' : `${(cpu / baseCpu).toFixed(2)}x`} |`;
}

function table(workload: WorkloadReport): string[] {
  const compared = workload.baseline?.by === 'contender' ? `vs ${workload.baseline.names.join('/')}` : 'vs defaults';
  const withCpu = workload.rows.some((row) => row.cpuSecondsPerGbRuns !== undefined);
  const cpuHeader = withCpu ? ` Client CPU s/GB, median (runs) | CPU ${compared} |` : '';
  const lines = [
    `| Contender | Variant | Figure (median) | Runs | ${workload.baseline ? compared : ''} | Peak RSS, max (runs) |${cpuHeader}`,
    `|---|---|---|---|---|---|${withCpu ? '---|---|' : ''}`,
  ];
  for (const row of workload.rows) {
    const base = baselineOf(workload, row);
    const ratio = base === undefined || base === row ? '' : `${(row.value / base.value).toFixed(2)}x`;
    const runs = row.unit === 'ms' ? '' : row.runs.map(fixed).join(', ');
    const rssRuns = (row.rssRunsMb ?? []).length > 1 ? ` (${(row.rssRunsMb ?? []).map((r) => r.toFixed(0)).join(', ')})` : '';
    lines.push(`| ${row.contender} | ${row.variant} | ${figure(row)} | ${runs} | ${ratio} | ${row.peakRssMb.toFixed(0)} MB${rssRuns} |${withCpu ? cpuCells(row, base) : ''}`);
  }
  return lines;
}

export function toMarkdown(report: BenchReport): string {
  const m = report.machine;
  const out = [
    `# Benchmark report (${report.mode} mode)`,
    '',
    `${report.startedAt}, ${report.seconds.toFixed(0)} s. Node ${report.node}, ${m.platform}, ${m.cpus} x ${m.cpuModel}, ${m.memoryGb.toFixed(0)} GB RAM.`,
  ];
  for (const w of report.workloads) out.push('', `## ${w.title}`, '', w.method, '', ...table(w));
  out.push('', '## Goals', '', '| Goal | Measured | Met |', '|---|---|---|');
  for (const g of report.goals) out.push(`| ${g.goal} | ${g.measured} | ${g.met ? 'yes' : 'no'} |`);
  return out.join('\n') + '\n';
}
