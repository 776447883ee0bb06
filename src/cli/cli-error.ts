/**
 * An error the CLI reports as one line, without a stack trace. `exitCode` 2 means the command
 * line was wrong; 1 means the work failed.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** A CliError for a bad flag value, naming the flag. */
export function badFlag(flag: string, problem: string): CliError {
  return new CliError(`--${flag}: ${problem}`, 2);
}
