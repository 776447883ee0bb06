import { InputsClient } from '../../client/inputs-client';
import { DEFAULT_CONCURRENCY, DEFAULT_WAIT_TIMEOUT_MS, MAX_BATCH_SIZE } from '../../client/limits';
import { CliError } from '../cli-error';
import { isDuplicateId, judgeDuplicates, type SentInput } from '../duplicate-check';
import { FailureReport, failureRow, type FailureRow } from '../failure-report';
import { GLOBAL_FLAGS, GLOBAL_HELP, clientOptionsFrom } from '../global-flags';
import { itemId, itemToInput } from '../item-to-input';
import { MARKER_KEY } from '../marker';
import { parseArgs } from 'node:util';
import { intFlag, withUsageErrors } from '../parse-flags';
import { ProgressReporter } from '../progress';
import { ResumeLog } from '../resume-log';
import { scanSources } from '../scan-sources';
import { sendInputs, unconfirmedCount } from '../send-inputs';
import { SOURCE_FLAGS, SOURCE_HELP, sharedAnnotationsFrom, sourceSpecFrom } from '../source-flags';
import { sourceItems } from '../source-items';
import type { SkippedEntry } from '../sources/source-item';
import { Spool } from '../sources/spool';
import { describeCounts, waitWithProgress } from '../wait-report';
import { inputsCount } from '../output';

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
  /** Set when the run stopped: inputs sent whose outcome the service could not be asked about (a rerun finds them). */
  unconfirmed?: number;
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
  // Checked before the sources are read (a large folder takes a while to scan).
  const clientOptions = clientOptionsFrom(values);

  // First pass: read every source once, so a bad row fails before anything is sent.
  const { total } = await scanSources(spec, values.strict ?? false);
  scanning = false;
  for (const entry of skippedEntries) console.error(`skipped ${entry.path}: ${entry.reason}`);

  const client = new InputsClient(clientOptions);
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

  // The client takes an id once per call: a repeat is settled here (only ids and origins are kept).
  const sent = new Map<string, string>();
  async function* pending(): AsyncGenerator<Pending> {
    for await (const item of sourceItems(spec)) {
      const id = itemId(item);
      const earlier = sent.get(id);
      if (earlier !== undefined) {
        // A derived id names the entry itself (its path or content): the same entry again, not doubled.
        if (item.id === undefined) tally.alreadyPresent += 1;
        else {
          tally.failed += 1;
          record({ id, origin: item.origin, ...NOT_SENT, description: 'not sent', details: `the same id as ${earlier}: an id may be listed once` });
        }
        showProgress();
        continue;
      }
      sent.set(id, item.origin);
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
  let stopped: { error: unknown } | undefined;
  try {
    await sendInputs(client, pending(), { batchSize, concurrency, signal: abort.signal }, async ({ added, failed, signal }) => {
      const byId = new Map([...added, ...failed.map((f) => f.item)].map((b) => [b.input.id, b]));
      const originOf = (id: string) => byId.get(id)?.origin ?? '';
      // What landed is recorded first: judging the refusals below may fail after Ctrl-C.
      const landed = added.map((b) => b.input.id);
      tally.added += landed.length;
      resume?.record(landed, originOf);
      // A derived id of a URL or text names the content itself; anything else is compared.
      const toJudge = failed.filter((f) => isDuplicateId(f.failure) && !f.item.derivedFromText).map((f) => f.failure);
      const verdicts = await judgeDuplicates(client, toJudge, byId, resume !== undefined, signal);
      const present: string[] = [];
      for (const { failure } of failed) {
        const duplicate = isDuplicateId(failure);
        const difference = verdicts.get(failure.id);
        if (duplicate && difference === undefined) {
          tally.alreadyPresent += 1;
          present.push(failure.id);
          continue;
        }
        tally.failed += 1;
        const details = duplicate ? `${failure.details} The app holds a different input under this id: ${difference}.` : failure.details;
        record(failureRow(failure, originOf(failure.id), details));
      }
      resume?.record(present, originOf);
      if (values.wait) for (const id of [...landed, ...present]) landedOrigins.set(id, originOf(id));
      showProgress();
    }).catch((err: unknown) => {
      tally.unconfirmed = unconfirmedCount(err);
      throw err;
    });
    progress.finish();
    // Everything the resume file lists is waited for, landed by this run or an earlier one.
    for (const [id, origin] of resume?.entries() ?? []) if (values.wait && !landedOrigins.has(id)) landedOrigins.set(id, origin);
    if (values.wait && landedOrigins.size > 0) {
      const timeoutMs = waitTimeout ?? DEFAULT_WAIT_TIMEOUT_MS + landedOrigins.size * WAIT_MS_PER_INPUT;
      if (!json) console.error(`waiting for ${inputsCount(landedOrigins.size)} to be processed...`);
      const outcome = await waitWithProgress(client, landedOrigins, { signal: abort.signal, timeoutMs }, record);
      tally.processingFailed = outcome.failed;
      if (!json) console.error(`processed: ${describeCounts(outcome.counts)}`);
    }
  } catch (err) {
    progress.finish();
    // Ctrl-C: the client reports an abort; say what it means instead, after the summary. Any
    // other error stops the run too: the summary says what landed first, then the error.
    if (abort.signal.aborted && abort.signal.reason instanceof CliError) interrupted = abort.signal.reason;
    else stopped = { error: err };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    resume?.close();
    await report?.close();
    client.close();
  }

  printSummary(tally, failures, report?.file, json);
  if (stopped) throw stopped.error;
  if (interrupted) {
    console.error(`error: ${interrupted.message}`);
    return 130;
  }
  return tally.failed + tally.processingFailed === 0 ? 0 : 1;
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
  const unconfirmed = tally.unconfirmed ? `; ${tally.unconfirmed} sent but unconfirmed (the service did not answer; a rerun adds or finds them)` : '';
  console.log(`${parts.join(', ')} of ${inputsCount(tally.total)}${processing}${skipped}${unconfirmed}`);
  for (const f of failures) console.log(`  failed ${f.id} (${f.origin}): ${f.codeName} ${f.description}${f.details ? `: ${f.details}` : ''}`);
  const shown = tally.failed + tally.processingFailed;
  if (shown > failures.length) console.log(`  ... and ${shown - failures.length} more`);
  if (shown && reportFile) console.log(`failures written to ${reportFile}`);
}
