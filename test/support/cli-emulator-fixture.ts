import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requireBuiltCli, startEmulatorProcess, type EmulatorProcess } from './cli-process';

export interface CliEmulatorFixtureOptions {
  /** The API key the emulator accepts. */
  apiKey: string;
  /** The scratch folder's name starts with this (`mkdtemp` adds the rest). */
  prefix: string;
  /** More `clarifai-inputs emulator` flags, after `--api-key` and `--db`. */
  emulatorArgs?: string[];
}

/** What one test file shares: an emulator process, and a scratch folder that holds its database. */
export interface CliEmulatorFixture {
  /** The scratch folder; removed after the file's tests. */
  readonly dir: string;
  readonly emulator: EmulatorProcess;
  /** The connection flags for one app: `--target <emulator> --insecure --api-key <key> --app-id <app>`. */
  flags(app: string): string[];
}

/**
 * For a test file that runs the built CLI against an emulator, each in its own process, as a
 * user has them. In beforeAll: checks the CLI is built, makes the scratch folder, starts the
 * emulator on a free port with its database in that folder. In afterAll: stops the emulator,
 * removes the folder. Call it at the top level of the file; read `dir` and `emulator` in tests
 * and hooks, not while the file loads.
 */
export function cliEmulatorFixture(options: CliEmulatorFixtureOptions): CliEmulatorFixture {
  let dir: string | undefined;
  let emulator: EmulatorProcess | undefined;

  beforeAll(async () => {
    requireBuiltCli();
    dir = mkdtempSync(path.join(tmpdir(), options.prefix));
    emulator = await startEmulatorProcess(['--api-key', options.apiKey, '--db', path.join(dir, 'emulator.db'), ...(options.emulatorArgs ?? [])]);
  });

  afterAll(async () => {
    await emulator?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`cliEmulatorFixture: ${name} is set in beforeAll; read it in a test or hook`);
    return value;
  };
  return {
    get dir() {
      return ready(dir, 'dir');
    },
    get emulator() {
      return ready(emulator, 'emulator');
    },
    flags: (app) => ['--target', ready(emulator, 'emulator').target, '--insecure', '--api-key', options.apiKey, '--app-id', app],
  };
}
