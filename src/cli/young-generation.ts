/**
 * Keeps V8's young generation at its initial size (1 MiB semi-spaces) in the CLI process.
 *
 * Why: `export` of 1,000,000 inputs keeps ~10 MB alive, yet by default V8 grows its semi-spaces
 * to 16 MiB each as the run goes on, and what survives one scavenge in them is promoted, so the
 * process peaked at 134-151 MB. Without growth it peaked at 94-96 MB, for more (cheap)
 * scavenges: BENCHMARKS.md, finding 1, has both figures and the CPU they cost. The cap flag
 * (`--max-semi-space-size`) only works on the command line, which a bin script cannot set
 * everywhere (Windows shims, `node main.js`) without re-executing itself; the growth factor is
 * read each time V8 considers growing, so setting it here takes effect. A user's own semi-space flag (command line or NODE_OPTIONS) wins.
 */
import { setFlagsFromString } from 'node:v8';

const SEMI_SPACE_FLAG = /--(max|min)[-_]semi[-_]space[-_]size|--semi[-_]space[-_]growth[-_]factor/;

/** True when the user chose the young generation's size themselves. */
export function userSetSemiSpace(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((arg) => SEMI_SPACE_FLAG.test(arg)) || SEMI_SPACE_FLAG.test(nodeOptions ?? '');
}

export function keepYoungGenerationSmall(): void {
  if (userSetSemiSpace(process.execArgv, process.env.NODE_OPTIONS)) return;
  setFlagsFromString('--semi-space-growth-factor=1');
}
