/**
 * Runs contenders in alternation, round after round (A B C, A B C, ...), so slow drift of the
 * machine (heat, page cache, other load) spreads over all of them instead of favouring one.
 */
import { MB, median } from './stats';
import type { Measurement } from './child-protocol';
import type { Row } from './report';

export interface Entry {
  contender: string;
  variant: string;
  run(round: number): Promise<Measurement>;
}

export type Figure = (m: Measurement) => number;

export const megabytesPerSecond: Figure = (m) => m.bytes / MB / (m.elapsedMs / 1000);
export const inputsPerSecond: Figure = (m) => m.inputs / (m.elapsedMs / 1000);
/** CPU seconds per GB (10^9 B) of payload, or undefined where either was not measured. */
export const cpuSecondsPerGb = (m: Measurement): number | undefined => (m.cpuUs === undefined || m.bytes === 0 ? undefined : m.cpuUs / 1e6 / (m.bytes / 1e9));

export async function alternate(rounds: number, entries: Entry[], unit: string, figure: Figure, log: (line: string) => void): Promise<Row[]> {
  const measured = entries.map(() => [] as Measurement[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, entry] of entries.entries()) {
      const m = await entry.run(round);
      measured[i]?.push(m);
      const cpu = cpuSecondsPerGb(m);
      log(`  ${entry.contender} | ${entry.variant} | round ${round + 1}: ${figure(m).toFixed(1)} ${unit}, peak RSS ${(m.maxRssBytes / MB).toFixed(0)} MB${cpu === undefined ? '' : `, CPU ${cpu.toFixed(2)} s/GB`}`);
    }
  }
  return entries.map((entry, i) => {
    const runs = (measured[i] ?? []).map(figure);
    const cpuRuns = (measured[i] ?? []).map(cpuSecondsPerGb).filter((c): c is number => c !== undefined);
    return {
      contender: entry.contender,
      variant: entry.variant,
      unit,
      value: median(runs),
      runs,
      peakRssMb: Math.max(...(measured[i] ?? []).map((m) => m.maxRssBytes / MB)),
      rssRunsMb: (measured[i] ?? []).map((m) => m.maxRssBytes / MB),
      ...(cpuRuns.length > 0 ? { cpuSecondsPerGbRuns: cpuRuns } : {}),
    };
  });
}
