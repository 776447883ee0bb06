/** What every workload gets: its sizes, a log line sink, and a scratch folder for databases. */
import type { BenchConfig } from '../config';
import type { ScratchDir } from '../harness/scratch-dir';

export interface WorkloadContext {
  config: BenchConfig;
  log: (line: string) => void;
  scratch: ScratchDir;
}
