/**
 * Workload 7, pacing (issue 13): text inputs through `addInputs` against an emulator (own
 * process, fresh database) that answers CONN_THROTTLED above `throttleRps`. Each row is one run;
 * its figure is wall time over the ideal (accepted calls / rate), with attempts, throttled answers
 * and inputs not added beside it. Then the limiter's cost when nothing throttles: the same upload,
 * paced and unpaced, in alternation.
 */
import { alternate, inputsPerSecond, type Entry } from '../harness/alternate';
import { runContender } from '../harness/fork-child';
import type { Row, WorkloadReport } from '../harness/report';
import { MB } from '../harness/stats';
import type { PacingMode, ThrottleTask } from '../contenders/throttle-child';
import type { PacingScenario } from '../config';
import type { WorkloadContext } from './context';
import { startEmulatorProcess, withServer } from './servers';

export const PACING_CONTENDER: Record<PacingMode, string> = {
  paced: 'adaptive limiter (default)',
  'retry only': 'retry only (rateLimiter: false)',
  'sleep 15 s': 'sleep 15 s on 11005 (docs)',
};

type Scenario = PacingScenario & { clients: number };

export function scenarioName(s: Scenario): string {
  const clients = s.clients > 1 ? `, ${s.clients} clients sharing one limiter` : '';
  return `${s.inputs.toLocaleString('en-US')} at ${s.rps} rps, batches of ${s.batchSize}, concurrency ${s.concurrency}${clients}`;
}

async function runThrottled(ctx: WorkloadContext, mode: PacingMode, s: Scenario): Promise<Row> {
  const m = await withServer(
    () => startEmulatorProcess(ctx, `throttle-${mode}`, 'NORMAL', s.rps),
    (emulator) => {
      const task: ThrottleTask = { target: emulator.target, mode, inputs: s.inputs, concurrency: s.concurrency, clients: s.clients, batchSize: s.batchSize };
      return runContender('contenders/throttle-child', task, `pacing ${mode}`, ctx.config.childTimeoutMs);
    },
  );
  const { attempts = 0, throttled = 0, failed = 0 } = m.counts ?? {};
  const idealS = (attempts - throttled) / s.rps;
  const wallS = m.elapsedMs / 1000;
  const row: Row = {
    contender: PACING_CONTENDER[mode],
    variant: scenarioName(s),
    unit: 'x ideal',
    value: wallS / idealS,
    runs: [wallS / idealS],
    peakRssMb: m.maxRssBytes / MB,
    detail: `wall ${wallS.toFixed(1)} s, ideal ${idealS.toFixed(1)} s; ${attempts} calls, ${throttled} throttled (${((100 * throttled) / Math.max(1, attempts)).toFixed(0)}%); ${failed} inputs not added`,
    counts: { attempts, throttled, failed, wallS, idealS },
  };
  ctx.log(`  ${row.contender} | ${row.variant}: ${row.detail}`);
  return row;
}

export async function throttleWorkload(ctx: WorkloadContext): Promise<WorkloadReport> {
  const t = ctx.config.throttle;
  const rows: Row[] = [];
  const slow = { ...t.slow, clients: 1 };
  rows.push(await runThrottled(ctx, 'paced', slow));
  rows.push(await runThrottled(ctx, 'paced', { ...t.fast, clients: 1 }));
  rows.push(await runThrottled(ctx, 'paced', { ...t.shared, clients: 2 }));
  rows.push(await runThrottled(ctx, 'retry only', slow));
  if (t.sleepBaseline) rows.push(await runThrottled(ctx, 'sleep 15 s', slow));

  const unthrottled = (mode: PacingMode): Entry => ({
    contender: PACING_CONTENDER[mode],
    variant: `${t.unthrottled.toLocaleString('en-US')} inputs, no throttling`,
    run: () =>
      withServer(
        () => startEmulatorProcess(ctx, `unthrottled-${mode}`, 'NORMAL'),
        (emulator) => {
          const task: ThrottleTask = { target: emulator.target, mode, inputs: t.unthrottled, concurrency: 4, clients: 1, batchSize: 128 };
          return runContender('contenders/throttle-child', task, `unthrottled ${mode}`, ctx.config.childTimeoutMs);
        },
      ),
  });
  rows.push(...(await alternate(ctx.config.rounds, [unthrottled('paced'), unthrottled('retry only')], 'inputs/s', inputsPerSecond, ctx.log)));
  return {
    id: 'throttle',
    title: 'Pacing to a rate limit',
    method: `Small text inputs through InputsClient.addInputs against the emulator in its own process with --throttle-rps (CONN_THROTTLED above the rate, a token bucket holding one second). Throttled rows: one run each; figure = wall time / ideal, the ideal being the accepted calls (PostInputs and the ListInputs confirmations) at the rate. "Retry only" is the previous release (throttling retried like any failure, 5 attempts); "sleep 15 s" waits 15 s after each 11005 as Clarifai's docs suggest. Last rows: the same upload with no throttling, paced (default) and unpaced, alternated; figure = inputs/s.`,
    rows,
  };
}
