import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The built CLI; `make test` builds before jest runs. */
export const CLI = path.resolve(__dirname, '../../dist/cjs/cli/main.js');

export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`make build\` first`);
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  cwd?: string;
  /** Written to the CLI's stdin through a shell pipe (`printf ... | cli`), as a user pipes. */
  stdin?: string;
  /**
   * Run as the unprivileged user nobody (uid/gid 65534) when the tests run as root, who can
   * read any file: a file with mode 000 is only unreadable to someone else.
   */
  unprivileged?: boolean;
}

/** The command that runs as nobody when we are root; empty otherwise. */
function unprivilegedPrefix(): string[] {
  return process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
}

/** Runs the CLI to completion (or until `timeoutMs`, then SIGKILL) and collects its output. */
export function runCliProcess(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const command = [...(options.unprivileged ? unprivilegedPrefix() : []), process.execPath, CLI, ...args];
  const env = { ...process.env, CLARIFAI_PAT: '', CLARIFAI_API_KEY: '', ...options.env };
  if (options.stdin !== undefined) {
    // A real pipe (a FIFO), as `cat rows.jsonl | clarifai-inputs ...` gives; the text goes in env.
    const child = spawn('sh', ['-c', 'printf %s "$CLI_STDIN" | "$@"', 'sh', ...command], {
      cwd: options.cwd,
      env: { ...env, CLI_STDIN: options.stdin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return collect(child, options.timeoutMs ?? 60_000);
  }
  const [file = process.execPath, ...rest] = command;
  const child = spawn(file, rest, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return collect(child, options.timeoutMs ?? 60_000);
}

export function collect(child: ChildProcess, timeoutMs: number): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A CLI-started emulator in its own process. */
export interface EmulatorProcess {
  target: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `clarifai-inputs emulator` and resolves once it prints `listening on host:port`. */
export function startEmulatorProcess(args: string[]): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`emulator did not start within 20 s: ${output}`));
    }, 20_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /listening on (\S+:\d+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      resolve({
        target: match[1],
        child,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}: ${output}`));
    });
  });
}
