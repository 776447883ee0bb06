import { CliError } from './cli-error';
import { sourceItems, type SourceSpec } from './source-items';
import { checkFile } from './sources/check-file';

/** What a first read of the sources found, before anything is sent. */
export interface SourceScan {
  total: number;
  /** Items whose file cannot be sent (unreadable, empty, too big): they will be failed inputs. */
  unsendable: number;
}

/**
 * Reads every source once (rows are checked, so a bad row stops the run before anything is
 * sent) and opens every named file. With `strict`, the first file that cannot be sent stops
 * the run here too; otherwise it is counted and reported later as a failed input.
 */
export async function scanSources(spec: SourceSpec, strict: boolean): Promise<SourceScan> {
  const scan: SourceScan = { total: 0, unsendable: 0 };
  for await (const item of sourceItems(spec)) {
    scan.total += 1;
    if (item.file === undefined) continue;
    const problem = await checkFile(item.file);
    if (problem === undefined) continue;
    if (strict) throw new CliError(`${item.origin}: ${item.file}: ${problem} (--strict: nothing was sent)`);
    scan.unsendable += 1;
  }
  return scan;
}
