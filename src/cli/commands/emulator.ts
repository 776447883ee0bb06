import { setLogger } from '@grpc/grpc-js';
import { CliError } from '../cli-error';
import { CLI_DEFAULT_DB, EMULATOR_USAGE, parseEmulatorFlags } from './emulator-flags';
import type { EmulatorOptions } from '../../emulator/server/options';
import type { RunningEmulator } from '../../emulator/server/start-emulator';

/** What the command talks to; tests pass their own. */
export interface EmulatorCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where SIGINT and SIGTERM arrive (the process by default). */
  signals: Pick<NodeJS.EventEmitter, 'once' | 'off'>;
  env: NodeJS.ProcessEnv;
}

const processIo: EmulatorCommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  signals: process,
  env: process.env,
};

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * `clarifai-inputs emulator`: starts the emulator, prints `listening on <host>:<port>` when
 * ready, and on SIGINT or SIGTERM lets in-flight calls finish, closes the db and exits 0.
 * Bad flags exit 2 with a message naming the flag; a failed start exits 1.
 */
export async function runEmulatorCommand(argv: string[], io: EmulatorCommandIo = processIo): Promise<number> {
  let options: EmulatorOptions;
  try {
    const parsed = parseEmulatorFlags(argv, io.env);
    if (parsed.help) {
      io.out(EMULATOR_USAGE);
      return 0;
    }
    options = parsed.options;
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    io.err(`emulator: ${err.message}`);
    io.err(EMULATOR_USAGE);
    return 2;
  }
  let emulator: RunningEmulator;
  quietBindFailures();
  try {
    const { startEmulator } = await import('../../emulator/server/start-emulator');
    emulator = await startEmulator({ ...options, log: io.err });
  } catch (err) {
    io.err(`emulator: ${(err as Error).message}`);
    return 1;
  }
  const stopped = new Promise<string>((resolve) => {
    const handlers = SIGNALS.map((signal) => {
      const handler = () => {
        for (const [s, h] of handlers) io.signals.off(s, h);
        resolve(signal);
      };
      io.signals.once(signal, handler);
      return [signal, handler] as const;
    });
  });
  io.out(`listening on ${options.host}:${emulator.port}`);
  if (emulator.restPort !== undefined) io.out(`rest listening on ${options.host}:${emulator.restPort}`);
  if (emulator.tlsCaFile !== undefined) io.out(`tls ca ${emulator.tlsCaFile}`);
  if (options.db === CLI_DEFAULT_DB) io.err(`emulator: database ${CLI_DEFAULT_DB} in ${process.cwd()}`);
  const signal = await stopped;
  io.err(`emulator: ${signal}: finishing in-flight calls and closing the database`);
  await emulator.close();
  return 0;
}

/**
 * grpc-js logs `E No address added out of total N resolved` on its own when a bind fails; the
 * command then says why in one line of its own (`could not listen on HOST:PORT: ...`), so that
 * one grpc-js line is dropped. Everything else grpc-js logs still reaches stderr.
 */
function quietBindFailures(): void {
  setLogger({
    error: (...args: unknown[]) => {
      if (!/No address added/.test(String(args[0]))) console.error(...args);
    },
    info: (...args: unknown[]) => console.info(...args),
    debug: (...args: unknown[]) => console.debug(...args),
  });
}
