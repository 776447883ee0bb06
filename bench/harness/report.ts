/** The benchmark report: every figure with its runs, the machine, and how it was measured. */

export interface Row {
  /** The contender (client) measured. */
  contender: string;
  /** What it ran against, or which setting it ran with. */
  variant: string;
  /** `MB/s`, `inputs/s` or `ms`. */
  unit: string;
  /** The median of `runs` (for `ms`: the p50 of every call of every run). */
  value: number;
  /** One figure per run, in run order. */
  runs: number[];
  /** For latencies: the p99 of every call of every run. */
  p99?: number;
  /** The largest peak RSS of the contender's own process over its runs, in MB. */
  peakRssMb: number;
  /** Peak RSS of each run, in MB. */
  rssRunsMb?: number[];
  /**
   * Client CPU seconds (user + system of the contender's process, timed part only) per GB
   * (10^9 B) of payload, each run, where the contender measured its CPU and moved bytes.
   */
  cpuSecondsPerGbRuns?: number[];
  /** What else the run counted, shown after the figure (e.g. "37 attempts, 2 throttled"). */
  detail?: string;
  /** The counts behind `detail`, for the goals. */
  counts?: Record<string, number>;
}

export interface WorkloadReport {
  id: string;
  title: string;
  /** What a row's figure means and how it was produced. */
  method: string;
  rows: Row[];
  /**
   * What each row is compared with: the row of a `names` contender in the same variant, or the
   * row of the same contender in a `names` variant.
   */
  baseline?: { by: 'contender' | 'variant'; names: string[] };
}

export interface GoalCheck {
  goal: string;
  measured: string;
  met: boolean;
}

export interface BenchReport {
  mode: 'full' | 'quick';
  startedAt: string;
  seconds: number;
  node: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; platform: string };
  workloads: WorkloadReport[];
  goals: GoalCheck[];
}

export function findRow(report: BenchReport, workload: string, contender: string, variant: string): Row | undefined {
  return report.workloads.find((w) => w.id === workload)?.rows.find((r) => r.contender === contender && r.variant === variant);
}
