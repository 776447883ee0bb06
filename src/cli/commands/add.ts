import { InputsClient } from '../../client/inputs-client';
import type { FailedInput, JsonObject, NewInput } from '../../client/types';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { statusCodeName } from '../../status-code-name';
import { batches } from '../batches';
import { CliError, badFlag } from '../cli-error';
import { FailureReport, type FailureRow } from '../failure-report';
import { GLOBAL_FLAGS, GLOBAL_HELP, clientOptionsFrom } from '../global-flags';
import { itemToInput, type SharedAnnotations } from '../item-to-input';
import { parseArgs } from 'node:util';
import { intFlag, withUsageErrors } from '../parse-flags';
import { ProgressReporter } from '../progress';
import { ResumeLog } from '../resume-log';
import { runPool } from '../run-pool';
import { sourceItems, type SourceSpec } from '../source-items';

export const ADD_HELP = `usage: clarifai-inputs add <path|url>... [options]
Adds files, folders (recursively; image, video, audio or text by extension), URLs, and the rows of
CSV or JSONL files. Inputs without an id get one derived from their path, URL or line, so running
the same command twice never adds an input twice.

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
  help: { type: 'boolean' },
} as const;

const DUPLICATE_ID_DETAILS = 'Input has a duplicate ID.';

/** What one run of `add` did. */
interface Tally {
  total: number;
  added: number;
  alreadyPresent: number;
  skipped: number;
  failed: number;
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
    metadata: metadataFlag(values.metadata),
    datasetIds: values['dataset-id'] ?? [],
    allowDuplicateUrl: values['allow-duplicate-url'] ?? false,
  };
  const batchSize = intFlag('batch-size', values['batch-size'], 1, 128) ?? 128;
  const concurrency = intFlag('concurrency', values.concurrency, 1, 64) ?? 4;
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
  const onSignal = () => abort.abort(new CliError('interrupted: what landed is recorded; rerun with --resume to continue'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = new ProgressReporter(process.stderr, 'add');
  const tally: Tally = { total, added: 0, alreadyPresent: 0, skipped: 0, failed: 0 };
  const landedIds: string[] = [];
  const failures: FailureRow[] = [];

  const settle = (ids: string[]) => {
    resume?.record(ids);
    if (values.wait) landedIds.push(...ids);
  };
  const fail = (row: FailureRow) => {
    tally.failed += 1;
    report?.add(row);
    if (failures.length < 20) failures.push(row);
  };

  async function* pending(): AsyncGenerator<{ input: NewInput & { id: string }; origin: string }> {
    for await (const item of sourceItems(spec, () => undefined)) {
      const input = await itemToInput(item, shared);
      if (resume?.has(input.id)) {
        tally.skipped += 1;
        continue;
      }
      yield { input, origin: item.origin };
    }
  }

  try {
    await runPool(batches(pending(), batchSize), concurrency, async (batch) => {
      const origins = new Map(batch.map((b) => [b.input.id, b.origin]));
      const result = await client.addInputs(
        batch.map((b) => b.input),
        { concurrency: 1, batchSize, signal: abort.signal },
      );
      const landed = result.added.map((i) => i.id);
      for (const failed of result.failed) {
        // An id we sent before (an earlier, interrupted run) is already in the app: it landed.
        if (isDuplicateId(failed)) {
          tally.alreadyPresent += 1;
          landed.push(failed.id);
        } else {
          fail(failureRow(failed, origins.get(failed.id) ?? ''));
        }
      }
      tally.added += result.added.length;
      settle(landed);
      progress.update({ done: tally.added + tally.alreadyPresent + tally.failed + tally.skipped, failed: tally.failed, total });
    });
    progress.finish();
    if (values.wait && landedIds.length > 0) await waitAndReport(client, landedIds, abort.signal, fail, json);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    resume?.close();
    await report?.close();
    client.close();
  }

  printSummary(tally, failures, report?.file, json);
  return tally.failed === 0 ? 0 : 1;
}

function isDuplicateId(failed: FailedInput): boolean {
  return failed.code === StatusCode.INPUT_DUPLICATE && failed.details === DUPLICATE_ID_DETAILS;
}

function failureRow(failed: FailedInput, origin: string): FailureRow {
  return { id: failed.id, origin, code: failed.code, codeName: failed.codeName, description: failed.description, details: failed.details };
}

async function waitAndReport(
  client: InputsClient,
  ids: string[],
  signal: AbortSignal,
  fail: (row: FailureRow) => void,
  json: boolean,
): Promise<void> {
  if (!json) console.error(`waiting for ${ids.length} inputs to be processed...`);
  const finals = await client.waitForInputs(ids, { signal, timeoutMs: Math.max(60_000, ids.length * 100) });
  const counts = new Map<string, number>();
  for (const input of finals) {
    const code = input.status?.code ?? 0;
    counts.set(statusCodeName(code), (counts.get(statusCodeName(code)) ?? 0) + 1);
    if (code !== StatusCode.INPUT_SUCCESS) {
      fail({
        id: input.id,
        origin: '',
        code,
        codeName: statusCodeName(code),
        description: input.status?.description ?? '',
        details: input.status?.details ?? '',
      });
    }
  }
  if (!json) console.error(`processed: ${[...counts].map(([name, n]) => `${n} ${name}`).join(', ')}`);
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
  console.log(`${parts.join(', ')} of ${tally.total} inputs`);
  for (const f of failures) console.log(`  failed ${f.id} (${f.origin}): ${f.codeName} ${f.description}${f.details ? `: ${f.details}` : ''}`);
  if (tally.failed > failures.length) console.log(`  ... and ${tally.failed - failures.length} more`);
  if (tally.failed && reportFile) console.log(`failures written to ${reportFile}`);
}

function metadataFlag(text: string | undefined): JsonObject | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badFlag('metadata', `not valid JSON (${(err as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badFlag('metadata', 'must be a JSON object');
  return value as JsonObject;
}
