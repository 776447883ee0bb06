/**
 * Preloaded (`node --require`) into the CLI process the export contender runs: at exit it writes
 * the process's own resource usage (peak RSS, CPU) as JSON to file descriptor 3, a pipe the
 * contender opened. The CLI itself is unchanged; this only reads `process.resourceUsage()`.
 */
import { writeSync } from 'node:fs';

export const USAGE_FD = 3;

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(USAGE_FD, JSON.stringify({ maxRssBytes: usage.maxRSS * 1024, cpuUserUs: usage.userCPUTime, cpuSystemUs: usage.systemCPUTime }));
});
