import { CliError, badFlag } from './cli-error';

/**
 * Runs a node:util parseArgs call, turning its errors into usage errors that name the flag:
 * `withUsageErrors(() => parseArgs({ args, options, strict: true }))`.
 */
export function withUsageErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    // Not `instanceof Error`: under jest, node's own errors come from another realm.
    const message = typeof (err as { message?: unknown } | null)?.message === 'string' ? (err as Error).message : String(err);
    throw new CliError(usageMessage(message), 2);
  }
}

/** parseArgs's messages, in this CLI's words: one line that starts with the flag. */
function usageMessage(message: string): string {
  const rewrites: Array<[RegExp, string]> = [
    [/^Unknown option '(.+?)'.*$/s, "unknown flag '$1' (see --help)"],
    [/^Option '(--[^' ]+)(?: <value>)?' argument missing.*$/s, '$1: needs a value'],
    [/^Option '(--[^' ]+)' argument is ambiguous.*$/s, "$1: needs a value (a value that starts with '-' is written $1=<value>)"],
    [/^Option '(--[^' ]+)' does not take an argument.*$/s, '$1: takes no value'],
  ];
  for (const [pattern, replacement] of rewrites) if (pattern.test(message)) return message.replace(pattern, replacement);
  return message;
}

/** Parses a flag's text as an integer within [min, max], or throws naming the flag. */
export function intFlag(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) throw badFlag(flag, `expected a whole number, got '${text}'`);
  if (value < min || value > max) throw badFlag(flag, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** Parses a flag's text as a JSON object, or throws naming the flag. */
export function jsonObjectFlag(flag: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badFlag(flag, `not valid JSON (${(err as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badFlag(flag, 'must be a JSON object');
  return value as Record<string, unknown>;
}

/** Parses a flag's text as a number within [min, max] (fractions allowed), or throws naming the flag. */
export function numberFlag(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw badFlag(flag, `expected a number, got '${text}'`);
  if (value < min || value > max) throw badFlag(flag, `must be between ${min} and ${max}, got ${value}`);
  return value;
}
