import { VERSION } from '../client/version';
import { CliError } from './cli-error';
import { inFlagTerms } from './flag-terms';

/** A subcommand: takes its arguments, resolves to the process exit code. */
export type CommandRunner = (argv: string[]) => Promise<number>;

/** Each command's module is loaded only when it runs (the emulator's pulls in SQLite). */
const commands: Record<string, [summary: string, load: () => Promise<CommandRunner>]> = {
  add: ['add files, folders, URLs, CSV or JSONL rows', async () => (await import('./commands/add')).runAddCommand],
  sync: ['make the app hold what a folder, CSV or JSONL describes', async () => (await import('./commands/sync')).runSyncCommand],
  list: ['print one page of inputs', async () => (await import('./commands/list')).runListCommand],
  export: ['write every input as JSONL (constant memory)', async () => (await import('./commands/export')).runExportCommand],
  get: ['print one input', async () => (await import('./commands/single')).runGetCommand],
  count: ['count inputs by processing state', async () => (await import('./commands/single')).runCountCommand],
  patch: ['change concepts or metadata of an input', async () => (await import('./commands/single')).runPatchCommand],
  delete: ['delete inputs by id', async () => (await import('./commands/single')).runDeleteCommand],
  wait: ['wait until inputs are processed', async () => (await import('./commands/single')).runWaitCommand],
  emulator: ['run the local emulator', async () => (await import('./commands/emulator')).runEmulatorCommand],
};

export const USAGE = `usage: clarifai-inputs <command> [options]   (clarifai-inputs <command> --help for details;
       clarifai-inputs --version)

${Object.entries(commands)
  .map(([name, [summary]]) => `  ${name.padEnd(9)} ${summary}`)
  .join('\n')}`;

/**
 * Runs one command and turns every error into a one-line message on stderr (a stack trace only
 * with --debug). Exit codes: 0 success, 1 the work failed, 2 the command line was wrong.
 */
export async function runCli(argv: string[], stderr: (line: string) => void = (l) => console.error(l)): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    stderr(USAGE);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (name === '--version' || name === '-V') {
    console.log(VERSION);
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    stderr(`unknown command '${name}'\n${USAGE}`);
    return 2;
  }
  try {
    return await (await entry[1]())(rest);
  } catch (err) {
    // Client errors already read well: method, code name, description; the key is never in them.
    stderr(`error: ${inFlagTerms(err instanceof Error ? err.message : String(err))}`);
    if (rest.includes('--debug') && err instanceof Error && err.stack) stderr(err.stack);
    return err instanceof CliError ? err.exitCode : 1;
  }
}
