/**
 * What a benchmark child process and the parent say to each other over the fork IPC channel.
 * A child reads its task from argv[2] (JSON) and sends exactly one message: its result or its
 * error. A server child sends `listening` once, then runs until the parent sends SIGTERM.
 */

/** What a contender child measured, in its own process. */
export interface Measurement {
  /** Wall time of the timed part, in ms (setup and warm-up excluded). */
  elapsedMs: number;
  /** Inputs sent or received in the timed part. */
  inputs: number;
  /** Payload bytes (image bytes for uploads, response message bytes for reads) in the timed part. */
  bytes: number;
  /**
   * `process.resourceUsage().maxRSS` at the end, in bytes: setup, warm-up and run included. A
   * child that measures another process (the export CLI) reports that process's peak instead.
   */
  maxRssBytes: number;
  /** CPU time (user + system) of the measured process in the timed part, in µs, where measured. */
  cpuUs?: number;
  /** Per-call latencies in ms, when the workload asks for them. */
  latenciesMs?: number[];
  /** Named counts of the timed part (e.g. attempts, throttled), when the workload asks for them. */
  counts?: Record<string, number>;
}

export type ChildMessage =
  | { kind: 'result'; measurement: Measurement }
  | { kind: 'listening'; port: number }
  | { kind: 'error'; message: string };

/** The task a child was forked with. */
export function readTask<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error(`${process.argv[1]}: expected the task as JSON in argv[2]`);
  return JSON.parse(raw) as T;
}

/** User + system CPU time of this process so far, in µs: take it before and after the timed part. */
export function cpuTimeUs(): number {
  const usage = process.resourceUsage();
  return usage.userCPUTime + usage.systemCPUTime;
}

export function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) {
      console.log(JSON.stringify(message));
      resolve();
    } else {
      process.send(message, () => resolve());
    }
  });
}

/** Runs `main` as a contender child: one result or one error, then exit. */
export function runContenderChild(main: () => Promise<Omit<Measurement, 'maxRssBytes'> & { maxRssBytes?: number }>): void {
  main()
    .then((m) => send({ kind: 'result', measurement: { maxRssBytes: maxRssBytes(), ...m } }))
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      return send({ kind: 'error', message }).then(() => process.exit(1));
    });
}

/** Runs a server child: reports its port, stops on SIGTERM. */
export function runServerChild(start: () => Promise<{ port: number; stop: () => Promise<void> }>): void {
  start()
    .then(async ({ port, stop }) => {
      process.once('SIGTERM', () => {
        void stop().finally(() => process.exit(0));
      });
      await send({ kind: 'listening', port });
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      void send({ kind: 'error', message }).then(() => process.exit(1));
    });
}
