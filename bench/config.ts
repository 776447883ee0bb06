/**
 * Sizes of every workload, in full mode (the figures in BENCHMARKS.md) and quick mode (a smoke
 * run under 2 minutes: same code paths, small counts, one round per contender pair).
 */
/**
 * One throttled upload. `batchSize` keeps the rate the bottleneck: at 15 calls/s, batches of 128
 * (1,920 inputs/s) would be more than the emulator stores on the reference machine.
 */
export interface PacingScenario {
  inputs: number;
  rps: number;
  concurrency: number;
  batchSize: number;
}

export interface BenchConfig {
  mode: 'full' | 'quick';
  /** Rounds: every contender runs once per round, in the same order (A B C, A B C, ...). */
  rounds: number;
  /** Rounds of the flow-control workload: its differences are smaller than the noise of one run. */
  flowControlRounds: number;
  upload: { inputs: number; imageBytes: number; batchSize: number; concurrency: number };
  list: { inputs: number; perPage: number };
  memory: { small: number; large: number; perPage: number };
  emulator: { ingestInputs: number; ingestImageBytes: number; storedInputs: number; perPage: number; latencyPages: number };
  /** Flow control over a simulated round trip (a delaying TCP proxy): smaller sizes, windows cost RTTs. */
  wan: { rttMs: number; uploadInputs: number; listInputs: number };
  /** addInputsInBatches: text inputs into the emulator (memory must not grow with them); images into the sink at each maxBatchBytes. */
  streamed: { textInputs: number; imageInputs: number; imageBytes: number; maxBatchBytes: number[] };
  /**
   * Pacing to the emulator's throttle (`throttleRps`): a slow limit, the service's 15/s with 16 in
   * flight, two clients sharing one limiter; baselines (retry only, a 15 s sleep on 11005) at the
   * slow limit; and the limiter's cost when nothing throttles (`unthrottled` inputs, `rounds`).
   */
  throttle: {
    slow: PacingScenario;
    fast: PacingScenario;
    shared: PacingScenario;
    /** Include the 15 s sleep baseline (it takes minutes). */
    sleepBaseline: boolean;
    unthrottled: number;
  };
  /** A contender child that takes longer than this is killed and the run fails. */
  childTimeoutMs: number;
}

export const FULL: BenchConfig = {
  mode: 'full',
  rounds: 3,
  flowControlRounds: 5,
  upload: { inputs: 5_000, imageBytes: 64 * 1024, batchSize: 128, concurrency: 4 },
  list: { inputs: 100_000, perPage: 1_000 },
  memory: { small: 100_000, large: 1_000_000, perPage: 1_000 },
  wan: { rttMs: 20, uploadInputs: 512, listInputs: 20_000 },
  emulator: { ingestInputs: 5_000, ingestImageBytes: 1024, storedInputs: 100_000, perPage: 1_000, latencyPages: 100 },
  streamed: { textInputs: 1_000_000, imageInputs: 96, imageBytes: 3 * 1024 * 1024, maxBatchBytes: [8, 16, 32, 64].map((m) => m * 1024 * 1024) },
  throttle: {
    slow: { inputs: 3_000, rps: 3, concurrency: 4, batchSize: 128 },
    fast: { inputs: 20_000, rps: 15, concurrency: 16, batchSize: 32 },
    shared: { inputs: 10_000, rps: 15, concurrency: 4, batchSize: 32 },
    sleepBaseline: true,
    unthrottled: 5_000,
  },
  childTimeoutMs: 600_000,
};

export const QUICK: BenchConfig = {
  mode: 'quick',
  rounds: 1,
  flowControlRounds: 1,
  upload: { inputs: 512, imageBytes: 64 * 1024, batchSize: 128, concurrency: 4 },
  list: { inputs: 5_000, perPage: 1_000 },
  memory: { small: 5_000, large: 20_000, perPage: 1_000 },
  wan: { rttMs: 20, uploadInputs: 128, listInputs: 2_000 },
  emulator: { ingestInputs: 512, ingestImageBytes: 1024, storedInputs: 5_000, perPage: 1_000, latencyPages: 10 },
  streamed: { textInputs: 5_000, imageInputs: 8, imageBytes: 1024 * 1024, maxBatchBytes: [2, 4].map((m) => m * 1024 * 1024) },
  throttle: {
    slow: { inputs: 600, rps: 3, concurrency: 4, batchSize: 128 },
    fast: { inputs: 1_000, rps: 15, concurrency: 16, batchSize: 32 },
    shared: { inputs: 1_000, rps: 15, concurrency: 4, batchSize: 32 },
    sleepBaseline: false,
    unthrottled: 1_000,
  },
  childTimeoutMs: 60_000,
};
