import { InputsClient } from '../../client/inputs-client';
import { ClarifaiError } from '../../client/errors';
import { DEFAULT_CONCURRENCY, DEFAULT_WAIT_TIMEOUT_MS, MAX_BATCH_SIZE } from '../../client/limits';
import { batches } from '../batches';
import { CliError } from '../cli-error';
import { isDuplicateId, judgeDuplicates, type SentInput } from '../duplicate-check';
import { FailureReport, type FailureRow } from '../failure-report';
import { GLOBAL_FLAGS, GLOBAL_HELP, clientOptionsFrom } from '../global-flags';
import { itemId, itemToInput } from '../item-to-input';
import { MARKER_KEY } from '../marker';
import { parseArgs } from 'node:util';
import { intFlag, withUsageErrors } from '../parse-flags';
import { ProgressReporter } from '../progress';
import { ResumeLog } from '../resume-log';
import { runPool } from '../run-pool';
import { scanSources } from '../scan-sources';
import { SOURCE_FLAGS, SOURCE_HELP, sharedAnnotationsFrom, sourceSpecFrom } from '../source-flags';
import { sourceItems } from '../source-items';
import type { SkippedEntry } from '../sources/source-item';
import { Spool } from '../sources/spool';
import { describeCounts, waitWithProgress } from '../wait-report';

/** --wait without --wait-timeout: the client's wait default, plus this much per input waited for. */
const WAIT_MS_PER_INPUT = 100;

export const ADD_HELP = `usage: clarifai-inputs add <path|url>... [options]
Adds files, folders (recursively, following symbolic links; image, video, audio or text by
extension), URLs, and the rows of CSV or JSONL files (- for stdin). Every entry left out is
named on stderr with the reason. Inputs without an id get one derived from the file's path
relative to the folder given (or from the URL, or the text), so running the same command twice,
or after moving the folder, never adds an input twice. Each input's metadata gets
"${MARKER_KEY}": {source, key, sha256} (the content's hash), so changed content is noticed.

${SOURCE_HELP}
  --batch-size <n>         inputs per request, 1..${MAX_BATCH_SIZE} (default ${MAX_BATCH_SIZE})
  --concurrency <n>        requests in flight (default ${DEFAULT_CONCURRENCY})
  --resume <file>          record landed ids here; a rerun uploads only the rest
  --failures <file>        write failed inputs to this .jsonl or .csv file
  --wait                   wait for processing of every input landed, by this run or (with --resume)
                           an earlier one, and name each that failed with its origin
  --wait-timeout <ms>      how long --wait may take (default ${DEFAULT_WAIT_TIMEOUT_MS}, plus ${WAIT_MS_PER_INPUT} per input)
${GLOBAL_HELP}`;

const FLAGS = {
  ...GLOBAL_FLAGS,
  ...SOURCE_FLAGS,
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
  resume: { type: 'string' },
  failures: { type: 'string' },
  wait: { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** How long Ctrl-C waits to confirm, by id, what the batches in flight landed. */
const ABORT_CONFIRM_MS = 10_000;

/** Code of a failure row for an input that was never sent (its file could not be read). */
const NOT_SENT = { code: 0, codeName: 'NOT_SENT' } as const;

/**
 * What one run of `add` did. `failed` counts inputs that did not land (files that cannot be
 * sent included); `processingFailed` (with --wait) those that landed and then failed
 * processing; `resumed` those the resume file lists; `skipped` folder entries left out.
 */
interface Tally {
  total: number;
  added: number;
  alreadyPresent: number;
  resumed: number;
  failed: number;
  processingFailed: number;
  skipped: number;
}

/** An input on its way, with where it came from and whether its id was derived by us. */
interface Pending extends SentInput {
  origin: string;
  derivedFromText: boolean;
}

export async function runAddCommand(argv: string[]): Promise<number> {
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true }));
  if (values.help) {
    console.log(ADD_HELP);
    return 0;
  }
  const spool = new Spool();
  try {
    return await add(values, positionals, spool);
  } finally {
    spool.cleanup();
  }
}

type AddValues = ReturnType<typeof parseArgs<{ options: typeof FLAGS; allowPositionals: true; strict: true }>>['values'];

async function add(values: AddValues, positionals: string[], spool: Spool): Promise<number> {
  const skippedEntries: SkippedEntry[] = [];
  let scanning = true;
  const spec = await sourceSpecFrom('add', values, positionals, spool, (entry) => scanning && skippedEntries.push(entry));
  const shared = sharedAnnotationsFrom(values);
  const batchSize = intFlag('batch-size', values['batch-size'], 1, MAX_BATCH_SIZE) ?? MAX_BATCH_SIZE;
  const concurrency = intFlag('concurrency', values.concurrency, 1, 64) ?? DEFAULT_CONCURRENCY;
  const waitTimeout = intFlag('wait-timeout', values['wait-timeout'], 1, 86_400_000);
  const json = values.json ?? false;

  // First pass: read every source once, so a bad row fails before anything is sent.
  const { total } = await scanSources(spec, values.strict ?? false);
  scanning = false;
  for (const entry of skippedEntries) console.error(`skipped ${entry.path}: ${entry.reason}`);

  const client = new InputsClient(clientOptionsFrom(values));
  const resume = values.resume ? new ResumeLog(values.resume) : undefined;
  const report = values.failures ? new FailureReport(values.failures) : undefined;
  const abort = new AbortController();
  const onSignal = () =>
    abort.abort(
      new CliError(
        values.resume
          ? `interrupted: what landed is recorded in ${values.resume}; rerun the same command to add the rest`
          : 'interrupted: rerun the same command to add the rest (nothing is added twice); --resume <file> also skips what landed',
      ),
    );
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = new ProgressReporter(process.stderr, 'add', undefined, undefined, () => client.rateLimiter?.currentRate);
  const tally: Tally = { total, added: 0, alreadyPresent: 0, resumed: 0, failed: 0, processingFailed: 0, skipped: skippedEntries.length };
  // With --wait, where each landed input came from, to name it if its processing fails.
  const landedOrigins = new Map<string, string>();
  const failures: FailureRow[] = [];

  const record = (row: FailureRow) => {
    report?.add(row);
    if (failures.length < 20) failures.push(row);
  };
  const showProgress = () =>
    progress.update({ done: tally.added + tally.alreadyPresent + tally.failed, failed: tally.failed, total: total - tally.resumed });

  async function* pending(): AsyncGenerator<Pending> {
    for await (const item of sourceItems(spec)) {
      const id = itemId(item);
      if (resume?.has(id)) {
        tally.resumed += 1;
        if (values.wait) landedOrigins.set(id, item.origin);
        continue;
      }
      const prepared = await itemToInput(item, shared);
      if ('problem' in prepared) {
        tally.failed += 1;
        record({ id: prepared.id, origin: item.origin, ...NOT_SENT, description: 'not sent', details: prepared.problem });
        showProgress();
        continue;
      }
      yield { ...prepared, origin: item.origin, derivedFromText: item.id === undefined && item.key === undefined };
    }
  }

  let interrupted: CliError | undefined;
  try {
    await runPool(batches(pending(), batchSize), concurrency, async (batch) => {
      const byId = new Map(batch.map((b) => [b.input.id, b]));
      const originOf = (id: string) => byId.get(id)?.origin ?? '';
      let result;
      try {
        result = await client.addInputs(
          batch.map((b) => b.input),
          { concurrency: 1, batchSize, signal: abort.signal },
        );
      } catch (err) {
        // Ctrl-C with this batch in flight: what landed is confirmed by id, counted and recorded.
        if (abort.signal.aborted && err instanceof ClarifaiError) {
          const landed = await landedAfterAbort(client, batch.map((b) => b.input.id), err);
          tally.added += landed.length;
          resume?.record(landed, originOf);
        }
        throw err;
      }
      const landed = result.added.map((i) => i.id);
      // A derived id of a URL or text names the content itself; anything else is compared.
      const toJudge = result.failed.filter((f) => isDuplicateId(f) && !byId.get(f.id)?.derivedFromText);
      const verdicts = await judgeDuplicates(client, toJudge, byId, resume !== undefined, abort.signal);
      for (const failed of result.failed) {
        const duplicate = isDuplicateId(failed);
        const difference = verdicts.get(failed.id);
        if (duplicate && difference === undefined) {
          tally.alreadyPresent += 1;
          landed.push(failed.id);
          continue;
        }
        tally.failed += 1;
        const details = duplicate ? `${failed.details} The app holds a different input under this id: ${difference}.` : failed.details;
        const { id, code, codeName, description } = failed;
        record({ id, origin: originOf(id), code, codeName, description, details });
      }
      tally.added += result.added.length;
      resume?.record(landed, originOf);
      if (values.wait) for (const id of landed) landedOrigins.set(id, originOf(id));
      showProgress();
    });
    progress.finish();
    // Everything the resume file lists is waited for, landed by this run or an earlier one.
    for (const [id, origin] of resume?.entries() ?? []) if (values.wait && !landedOrigins.has(id)) landedOrigins.set(id, origin);
    if (values.wait && landedOrigins.size > 0) {
      const timeoutMs = waitTimeout ?? DEFAULT_WAIT_TIMEOUT_MS + landedOrigins.size * WAIT_MS_PER_INPUT;
      if (!json) console.error(`waiting for ${landedOrigins.size} inputs to be processed...`);
      const outcome = await waitWithProgress(client, landedOrigins, { signal: abort.signal, timeoutMs }, record);
      tally.processingFailed = outcome.failed;
      if (!json) console.error(`processed: ${describeCounts(outcome.counts)}`);
    }
  } catch (err) {
    // Ctrl-C: the client reports an abort; say what it means instead, after the summary.
    if (!(abort.signal.aborted && abort.signal.reason instanceof CliError)) throw err;
    progress.finish();
    interrupted = abort.signal.reason;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    resume?.close();
    await report?.close();
    client.close();
  }

  printSummary(tally, failures, report?.file, json);
  if (interrupted) {
    console.error(`error: ${interrupted.message}`);
    return 130;
  }
  return tally.failed + tally.processingFailed === 0 ? 0 : 1;
}

/**
 * The ids of an aborted batch that did land: those the client reports added, plus those a
 * ListInputs by id finds (the answer may have been lost to the abort). Asked without the
 * aborted signal, with its own short deadline; if even that fails, none are counted, and a
 * rerun finds them as already present.
 */
async function landedAfterAbort(client: InputsClient, ids: string[], err: ClarifaiError): Promise<string[]> {
  const added = new Set((err.partialResult?.added ?? []).map((i) => i.id));
  const unknown = ids.filter((id) => !added.has(id));
  if (unknown.length === 0) return [...added];
  try {
    const found = await client.listInputsPage({ ids: unknown, perPage: unknown.length, timeoutMs: ABORT_CONFIRM_MS });
    for (const input of found) added.add(input.id);
  } catch {
    // unconfirmed: not counted
  }
  return [...added];
}

function printSummary(tally: Tally, failures: FailureRow[], reportFile: string | undefined, json: boolean): void {
  if (json) {
    console.log(JSON.stringify({ ...tally, failures, failuresFile: reportFile }));
    return;
  }
  const parts = [`${tally.added} added`];
  if (tally.alreadyPresent) parts.push(`${tally.alreadyPresent} already present`);
  if (tally.resumed) parts.push(`${tally.resumed} resumed (in resume file)`);
  parts.push(`${tally.failed} failed`);
  const processing = tally.processingFailed ? `; ${tally.processingFailed} of those that landed failed processing` : '';
  const skipped = tally.skipped ? `; ${tally.skipped} entries skipped (named above)` : '';
  console.log(`${parts.join(', ')} of ${tally.total} inputs${processing}${skipped}`);
  for (const f of failures) console.log(`  failed ${f.id} (${f.origin}): ${f.codeName} ${f.description}${f.details ? `: ${f.details}` : ''}`);
  const shown = tally.failed + tally.processingFailed;
  if (shown > failures.length) console.log(`  ... and ${shown - failures.length} more`);
  if (shown && reportFile) console.log(`failures written to ${reportFile}`);
}
