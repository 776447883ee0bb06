import { InputsClient } from '../../client/inputs-client';
import type { FailedInput, JsonObject, NewInput } from '../../client/types';
import type { Input } from '../../generated/clarifai/api/resources.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { statusCodeName } from '../../status-code-name';
import { isDuplicateIdRefusal } from '../../duplicate-id';
import { batches } from '../batches';
import { CliError } from '../cli-error';
import { FailureReport, type FailureRow } from '../failure-report';
import { GLOBAL_FLAGS, GLOBAL_HELP, clientOptionsFrom } from '../global-flags';
import { itemToInput, type SharedAnnotations } from '../item-to-input';
import { parseArgs } from 'node:util';
import { intFlag, jsonObjectFlag, withUsageErrors } from '../parse-flags';
import { ProgressReporter } from '../progress';
import { ResumeLog } from '../resume-log';
import { runPool } from '../run-pool';
import { sourceItems, type SourceSpec } from '../source-items';

export const ADD_HELP = `usage: clarifai-inputs add <path|url>... [options]
Adds files, folders (recursively; image, video, audio or text by extension), URLs, and the rows of
CSV or JSONL files. Inputs without an id get one derived from their content (absolute file path,
URL, or the text itself), so running the same command twice never adds an input twice.

  --from-csv <file>        rows with columns id, url|file|text, type, concepts, negative_concepts,
                           metadata (JSON), dataset_ids, latitude, longitude (lists split on ; or |)
  --from-jsonl <file>      one JSON object per line, with the same fields
  --concept <id>           add this concept (value 1) to every input; repeatable
  --metadata <json>        a JSON object added to every input's metadata
  --dataset-id <id>        add every input to this dataset; repeatable
  --allow-duplicate-url    accept URLs that the app already holds
  --batch-size <n>         inputs per request, 1..128 (default 128)
  --concurrency <n>        requests in flight (default 4)
  --resume <file>          record landed ids here; a rerun uploads only the rest
  --failures <file>        write failed inputs to this .jsonl or .csv file
  --wait                   wait for processing and report the final statuses
  --wait-timeout <ms>      how long --wait may take (default 60000, plus 100 per input)
${GLOBAL_HELP}`;

const FLAGS = {
  ...GLOBAL_FLAGS,
  'from-csv': { type: 'string', multiple: true },
  'from-jsonl': { type: 'string', multiple: true },
  concept: { type: 'string', multiple: true },
  metadata: { type: 'string' },
  'dataset-id': { type: 'string', multiple: true },
  'allow-duplicate-url': { type: 'boolean' },
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
  resume: { type: 'string' },
  failures: { type: 'string' },
  wait: { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** What one run of `add` did. `failed` counts inputs that did not land; `processingFailed`
 * (with --wait) those that landed and then failed processing. */
interface Tally {
  total: number;
  added: number;
  alreadyPresent: number;
  skipped: number;
  failed: number;
  processingFailed: number;
}

/** An input on its way, with where it came from and whether its id was derived by us. */
interface Pending {
  input: NewInput & { id: string };
  origin: string;
  derived: boolean;
}

export async function runAddCommand(argv: string[]): Promise<number> {
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true }));
  if (values.help) {
    console.log(ADD_HELP);
    return 0;
  }
  const spec: SourceSpec = { paths: positionals, csv: values['from-csv'] ?? [], jsonl: values['from-jsonl'] ?? [] };
  if (spec.paths.length + spec.csv.length + spec.jsonl.length === 0) {
    throw new CliError('add: name at least one file, folder or URL, or --from-csv / --from-jsonl (see --help)', 2);
  }
  const shared: SharedAnnotations = {
    concepts: values.concept ?? [],
    metadata: values.metadata === undefined ? undefined : (jsonObjectFlag('metadata', values.metadata) as JsonObject),
    datasetIds: values['dataset-id'] ?? [],
    allowDuplicateUrl: values['allow-duplicate-url'] ?? false,
  };
  const batchSize = intFlag('batch-size', values['batch-size'], 1, 128) ?? 128;
  const concurrency = intFlag('concurrency', values.concurrency, 1, 64) ?? 4;
  const waitTimeout = intFlag('wait-timeout', values['wait-timeout'], 1, 86_400_000);
  const json = values.json ?? false;

  // First pass: read every source once, so a bad row or file fails before anything is sent.
  const skippedFiles: string[] = [];
  let total = 0;
  for await (const _ of sourceItems(spec, (file) => skippedFiles.push(file))) total += 1;
  for (const file of skippedFiles) console.error(`skipped ${file}: unknown file type`);

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
  const progress = new ProgressReporter(process.stderr, 'add');
  const tally: Tally = { total, added: 0, alreadyPresent: 0, skipped: 0, failed: 0, processingFailed: 0 };
  // With --wait, where each landed input came from, to name it if its processing fails.
  const landedOrigins = new Map<string, string>();
  const failures: FailureRow[] = [];

  const record = (row: FailureRow) => {
    report?.add(row);
    if (failures.length < 20) failures.push(row);
  };

  async function* pending(): AsyncGenerator<Pending> {
    for await (const item of sourceItems(spec, () => undefined)) {
      const input = await itemToInput(item, shared);
      if (resume?.has(input.id)) {
        tally.skipped += 1;
        continue;
      }
      yield { input, origin: item.origin, derived: item.id === undefined };
    }
  }

  let interrupted: CliError | undefined;
  try {
    await runPool(batches(pending(), batchSize), concurrency, async (batch) => {
      const byId = new Map(batch.map((b) => [b.input.id, b]));
      const result = await client.addInputs(
        batch.map((b) => b.input),
        { concurrency: 1, batchSize, signal: abort.signal },
      );
      const landed = result.added.map((i) => i.id);
      const duplicates = result.failed.filter(isDuplicateId);
      const ours = await alreadyOurs(client, duplicates, byId, resume !== undefined, abort.signal);
      for (const failed of result.failed) {
        if (ours.has(failed.id)) {
          tally.alreadyPresent += 1;
          landed.push(failed.id);
        } else {
          tally.failed += 1;
          record(failureRow(failed, byId.get(failed.id)?.origin ?? '', ours));
        }
      }
      tally.added += result.added.length;
      resume?.record(landed);
      if (values.wait) for (const id of landed) landedOrigins.set(id, byId.get(id)?.origin ?? '');
      progress.update({ done: tally.added + tally.alreadyPresent + tally.failed + tally.skipped, failed: tally.failed, total });
    });
    progress.finish();
    if (values.wait && landedOrigins.size > 0) {
      const timeoutMs = waitTimeout ?? 60_000 + landedOrigins.size * 100;
      tally.processingFailed = await waitAndReport(client, landedOrigins, { signal: abort.signal, timeoutMs }, record, json);
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

function isDuplicateId(failed: FailedInput): boolean {
  return isDuplicateIdRefusal(failed);
}

/**
 * Which duplicate-id refusals are this job's own inputs, landed by an earlier run: a derived id
 * names the content itself; a given id counts when the stored input has the same URL or text,
 * or, for file content (whose bytes are not compared), when --resume says this is a rerun.
 */
async function alreadyOurs(
  client: InputsClient,
  duplicates: FailedInput[],
  byId: Map<string, Pending>,
  resuming: boolean,
  signal: AbortSignal,
): Promise<Set<string>> {
  const ours = new Set<string>();
  const toCompare = duplicates.filter((d) => {
    if (byId.get(d.id)?.derived) ours.add(d.id);
    return !ours.has(d.id);
  });
  if (toCompare.length === 0) return ours;
  const stored = new Map((await client.listInputsPage({ ids: toCompare.map((d) => d.id), perPage: toCompare.length, signal })).map((i) => [i.id, i]));
  for (const d of toCompare) {
    const sent = byId.get(d.id)?.input;
    const found = stored.get(d.id);
    if (sent && found && sameContent(sent, found, resuming)) ours.add(d.id);
  }
  return ours;
}

function sameContent(sent: NewInput, stored: Input, resuming: boolean): boolean {
  const data = stored.data;
  for (const kind of ['image', 'video', 'audio'] as const) {
    const media = sent[kind];
    if (!media) continue;
    if ('url' in media) return data?.[kind]?.url === media.url;
    return resuming && data?.[kind] !== undefined;
  }
  if (sent.text && 'raw' in sent.text) return data?.text?.raw === sent.text.raw;
  if (sent.text && 'url' in sent.text) return data?.text?.url === sent.text.url;
  return false;
}

function failureRow(failed: FailedInput, origin: string, ours: Set<string>): FailureRow {
  const taken = isDuplicateId(failed) && !ours.has(failed.id);
  const details = taken ? `${failed.details} The app holds a different input under this id.` : failed.details;
  return { id: failed.id, origin, code: failed.code, codeName: failed.codeName, description: failed.description, details };
}

/** Waits for processing; records each input that failed it; returns how many did. */
async function waitAndReport(
  client: InputsClient,
  origins: Map<string, string>,
  options: { signal: AbortSignal; timeoutMs: number },
  record: (row: FailureRow) => void,
  json: boolean,
): Promise<number> {
  if (!json) console.error(`waiting for ${origins.size} inputs to be processed...`);
  const finals = await client.waitForInputs([...origins.keys()], options);
  const counts = new Map<string, number>();
  let failed = 0;
  for (const input of finals) {
    const code = input.status?.code ?? 0;
    const name = statusCodeName(code);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (code === StatusCode.INPUT_SUCCESS) continue;
    failed += 1;
    record({
      id: input.id,
      origin: origins.get(input.id) ?? '',
      code,
      codeName: name,
      description: input.status?.description ?? '',
      details: input.status?.details ?? '',
    });
  }
  if (!json) console.error(`processed: ${[...counts].map(([name, n]) => `${n} ${name}`).join(', ')}`);
  return failed;
}

function printSummary(tally: Tally, failures: FailureRow[], reportFile: string | undefined, json: boolean): void {
  if (json) {
    console.log(JSON.stringify({ ...tally, failures, failuresFile: reportFile }));
    return;
  }
  const parts = [`${tally.added} added`];
  if (tally.alreadyPresent) parts.push(`${tally.alreadyPresent} already present`);
  if (tally.skipped) parts.push(`${tally.skipped} skipped (in resume file)`);
  parts.push(`${tally.failed} failed`);
  const processing = tally.processingFailed ? `; ${tally.processingFailed} of those that landed failed processing` : '';
  console.log(`${parts.join(', ')} of ${tally.total} inputs${processing}`);
  for (const f of failures) console.log(`  failed ${f.id} (${f.origin}): ${f.codeName} ${f.description}${f.details ? `: ${f.details}` : ''}`);
  const shown = tally.failed + tally.processingFailed;
  if (shown > failures.length) console.log(`  ... and ${shown - failures.length} more`);
  if (shown && reportFile) console.log(`failures written to ${reportFile}`);
}
