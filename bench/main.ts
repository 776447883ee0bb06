/**
 * The benchmark runner (`make bench`, `make bench QUICK=1`). Runs each workload in turn, servers
 * and contenders each in their own process, prints the Markdown report and, with `--json <file>`,
 * writes the report as JSON.
 *
 *   node bench/run.mjs [--quick] [--rounds <n>] [--json <file>] [--only upload,read,memory,emulator,flow-control,codec,streamed,throttle]
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { FULL, QUICK } from './config';
import { checkGoals } from './goals';
import { toMarkdown } from './harness/markdown';
import type { BenchReport, WorkloadReport } from './harness/report';
import { ScratchDir } from './harness/scratch-dir';
import type { WorkloadContext } from './workloads/context';
import { codecWorkload } from './workloads/codec';
import { emulatorWorkload } from './workloads/emulator';
import { flowControlWorkload } from './workloads/flow-control';
import { memoryWorkload } from './workloads/memory';
import { readWorkload } from './workloads/read';
import { streamedUploadWorkload } from './workloads/streamed-upload';
import { throttleWorkload } from './workloads/throttle';
import { uploadWorkload } from './workloads/upload';

const WORKLOADS: Record<string, (ctx: WorkloadContext) => Promise<WorkloadReport>> = {
  upload: uploadWorkload,
  read: readWorkload,
  memory: memoryWorkload,
  emulator: emulatorWorkload,
  'flow-control': flowControlWorkload,
  codec: codecWorkload,
  streamed: streamedUploadWorkload,
  throttle: throttleWorkload,
};

interface Args {
  quick: boolean;
  rounds?: number;
  json?: string;
  only: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, only: Object.keys(WORKLOADS) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') args.quick = true;
    else if (arg === '--json' && argv[i + 1] !== undefined) args.json = argv[++i];
    else if (arg === '--rounds' && argv[i + 1] !== undefined) {
      args.rounds = Number(argv[++i]);
      if (!Number.isInteger(args.rounds) || args.rounds < 1 || args.rounds > 20) throw new Error(`--rounds: must be an integer from 1 to 20, got ${argv[i]}`);
    }
    else if (arg === '--only' && argv[i + 1] !== undefined) {
      args.only = (argv[++i] as string).split(',');
      const unknown = args.only.filter((w) => !(w in WORKLOADS));
      if (unknown.length > 0) throw new Error(`--only: unknown workload ${unknown.join(', ')}; known: ${Object.keys(WORKLOADS).join(', ')}`);
    } else throw new Error(`unknown argument ${JSON.stringify(arg)}; usage: [--quick] [--rounds <n>] [--json <file>] [--only <workloads>]`);
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const config = { ...(args.quick ? QUICK : FULL), ...(args.rounds === undefined ? {} : { rounds: args.rounds, flowControlRounds: args.rounds }) };
  const started = Date.now();
  const scratch = new ScratchDir();
  const log = (line: string) => console.error(line);
  const report: BenchReport = {
    mode: config.mode,
    startedAt: new Date(started).toISOString(),
    seconds: 0,
    node: process.version,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: os.totalmem() / 1024 ** 3, platform: `${os.platform()} ${os.release()}` },
    workloads: [],
    goals: [],
  };
  try {
    for (const id of args.only) {
      log(`${id}:`);
      const run = WORKLOADS[id] as (ctx: WorkloadContext) => Promise<WorkloadReport>;
      report.workloads.push(await run({ config, log, scratch }));
    }
  } finally {
    scratch.remove();
  }
  report.goals = checkGoals(report, config);
  report.seconds = (Date.now() - started) / 1000;
  if (args.json !== undefined) writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(toMarkdown(report));
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
