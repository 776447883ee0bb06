import path from 'node:path';
import { parseArgs } from 'node:util';
import { InputsClient } from '../../client/inputs-client';
import { ClarifaiError } from '../../client/errors';
import type { InputPatch } from '../../client/types';
import { DEFAULT_CONCURRENCY, MAX_BATCH_SIZE, MAX_PER_PAGE } from '../../client/limits';
import { CliError, badFlag } from '../cli-error';
import { isDuplicateId, judgeDuplicates, type SentInput } from '../duplicate-check';
import { FailureReport, failureRow, type FailureRow } from '../failure-report';
import { GLOBAL_FLAGS, GLOBAL_HELP, clientOptionsFrom } from '../global-flags';
import { itemId, itemToInput } from '../item-to-input';
import { MARKER_KEY } from '../marker';
import { intFlag, withUsageErrors } from '../parse-flags';
import { ProgressReporter } from '../progress';
import { sendInputs } from '../send-inputs';
import { SOURCE_FLAGS, SOURCE_HELP, sharedAnnotationsFrom, sourceSpecFrom } from '../source-flags';
import { sourceItems, type SourceSpec } from '../source-items';
import type { SkippedEntry } from '../sources/source-item';
import { Spool } from '../sources/spool';
import { annotationsOfNew, patchOf, type SyncPatchAction } from '../sync/annotations';
import { SyncPlan, type DesiredEntry } from '../sync/sync-plan';

export const SYNC_HELP = `usage: clarifai-inputs sync <folder> | --from-csv <file> | --from-jsonl <file> [options]
Makes the app hold what the source describes, for the inputs this source manages: those whose
metadata "${MARKER_KEY}".source is the source's name (the folder's or file's name, or
--source-name). New entries are added; entries whose content (SHA-256 of the file, URL or text)
changed are replaced (deleted, then added under the same id); entries whose concepts, metadata,
dataset ids or geo changed are patched; with --delete-missing, inputs of this source that it no
longer lists are deleted. Inputs the source does not manage are never touched. No local state:
what the app holds is read back (StreamInputs), so any machine can run the same sync, and a sync
killed at any point converges when run again. Ids are derived as for add.

${SOURCE_HELP}
  --patch-action <a>       merge (add to the stored annotations) or overwrite (default: make them
                           exactly the source's)
  --delete-missing         delete inputs of this source that it no longer lists
  --dry-run                print the plan (counts and the first entries of each kind); change nothing
  --batch-size <n>         inputs per request, 1..${MAX_BATCH_SIZE} (default ${MAX_BATCH_SIZE})
  --concurrency <n>        requests in flight (default ${DEFAULT_CONCURRENCY})
  --failures <file>        write failed entries to this .jsonl or .csv file
${GLOBAL_HELP}
Exit codes as for add: 0 all done, 1 some entry failed, 2 bad command line, 130 interrupted.`;

const FLAGS = {
  ...GLOBAL_FLAGS,
  ...SOURCE_FLAGS,
  'patch-action': { type: 'string' },
  'delete-missing': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
  failures: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** How many entries of each kind the dry run shows. */
const PLAN_SAMPLE = 5;

interface SyncTally {
  added: number;
  patched: number;
  replaced: number;
  deleted: number;
  unchanged: number;
  /** Inputs of this source it no longer lists, kept because --delete-missing was not given. */
  missing: number;
  failed: number;
  skipped: number;
}

type SyncValues = ReturnType<typeof parseArgs<{ options: typeof FLAGS; allowPositionals: true; strict: true }>>['values'];

export async function runSyncCommand(argv: string[]): Promise<number> {
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true }));
  if (values.help) {
    console.log(SYNC_HELP);
    return 0;
  }
  const sources = positionals.length + (values['from-csv']?.length ?? 0) + (values['from-jsonl']?.length ?? 0);
  if (sources !== 1) throw new CliError('sync: name exactly one source: a folder, --from-csv <file> or --from-jsonl <file> (see --help)', 2);
  if (positionals.some((p) => /^https?:\/\//i.test(p))) throw new CliError('sync: a URL is not a source; list URLs in a CSV or JSONL file', 2);
  const spool = new Spool();
  try {
    return await sync(values, positionals, spool);
  } finally {
    spool.cleanup();
  }
}

/** The name this source's inputs carry in their marker, as the sources compute it. */
function sourceNameOf(spec: SourceSpec, given: string | undefined): string {
  if (given !== undefined) return given;
  const [folder] = spec.paths;
  if (folder !== undefined) return path.basename(path.resolve(folder));
  return path.basename((spec.csv[0] ?? spec.jsonl[0])?.label ?? 'source');
}

async function sync(values: SyncValues, positionals: string[], spool: Spool): Promise<number> {
  const action = (values['patch-action'] ?? 'overwrite') as SyncPatchAction;
  if (action !== 'merge' && action !== 'overwrite') throw badFlag('patch-action', `must be merge or overwrite, got '${String(action)}'`);
  const skipped: SkippedEntry[] = [];
  let reading = true;
  const spec = await sourceSpecFrom('sync', values, positionals, spool, (entry) => reading && skipped.push(entry));
  const shared = sharedAnnotationsFrom(values);
  const batchSize = intFlag('batch-size', values['batch-size'], 1, MAX_BATCH_SIZE) ?? MAX_BATCH_SIZE;
  const concurrency = intFlag('concurrency', values.concurrency, 1, 64) ?? DEFAULT_CONCURRENCY;
  const json = values.json ?? false;
  const dryRun = values['dry-run'] ?? false;
  const source = sourceNameOf(spec, values['source-name']);
  // Checked before the source is read (hashing every file of a large folder takes a while).
  const clientOptions = clientOptionsFrom(values);
  const log = (line: string) => json || console.error(line);

  const failures: FailureRow[] = [];
  const report = values.failures && !dryRun ? new FailureReport(values.failures) : undefined;
  const tally: SyncTally = { added: 0, patched: 0, replaced: 0, deleted: 0, unchanged: 0, missing: 0, failed: 0, skipped: 0 };
  const fail = (row: FailureRow) => {
    tally.failed += 1;
    report?.add(row);
    if (failures.length < 20) failures.push(row);
  };
  const notSent = (id: string, origin: string, details: string) => fail({ id, origin, code: 0, codeName: 'NOT_SENT', description: 'not sent', details });

  // 1. What the source describes: per id, the content hash and annotations (no bytes kept).
  log(`sync: reading source '${source}'...`);
  const desired = new Map<string, DesiredEntry>();
  for await (const item of sourceItems(spec)) {
    const prepared = await itemToInput(item, shared);
    const earlier = desired.get(prepared.id);
    if (earlier) {
      notSent(prepared.id, item.origin, `the same id as ${earlier.origin}: an entry may be listed once`);
      continue;
    }
    if ('problem' in prepared) {
      if (values.strict) throw new CliError(`${item.origin}: ${prepared.problem} (--strict: nothing was changed)`);
      desired.set(prepared.id, { origin: item.origin, sha256: undefined });
      notSent(prepared.id, item.origin, prepared.problem);
      continue;
    }
    const { input, marker } = prepared;
    desired.set(input.id, { origin: item.origin, sha256: marker.sha256, annotations: annotationsOfNew(input), patch: patchOf(input) });
  }
  reading = false;
  tally.skipped = skipped.length;
  for (const entry of skipped) console.error(`skipped ${entry.path}: ${entry.reason}`);

  const client = new InputsClient(clientOptions);
  const abort = new AbortController();
  const onSignal = () => abort.abort(new CliError('interrupted: run the same sync again to finish (it converges; nothing is doubled)'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let interrupted: CliError | undefined;
  let stopped: { error: unknown } | undefined;
  let plan: SyncPlan | undefined;
  let add: string[] = [];
  try {
    // 2. What the app holds, one input at a time.
    log('sync: reading what the app holds...');
    plan = new SyncPlan(source, desired, action);
    for await (const stored of client.streamInputs({ perPage: MAX_PER_PAGE, signal: abort.signal })) plan.consider(stored);
    add = plan.toAdd();
    for (const c of plan.conflicts) fail({ id: c.id, origin: c.origin, code: 0, codeName: 'NOT_MANAGED', description: 'left alone', details: c.reason });
    tally.unchanged = plan.unchanged;
    tally.missing = values['delete-missing'] ? 0 : plan.delete.length;
    if (dryRun) {
      printPlan(plan, add, desired, values['delete-missing'] ?? false, action, failures, json);
      return tally.failed === 0 ? 0 : 1;
    }
    const progress = new ProgressReporter(process.stderr, 'sync');
    const work = add.length + plan.replace.length + plan.patch.length + (values['delete-missing'] ? plan.delete.length : 0);
    const showProgress = () =>
      progress.update({ done: tally.added + tally.replaced + tally.patched + tally.deleted, failed: tally.failed, total: work });

    // 3. Deletions: inputs gone from the source, then the old content of replaced ones.
    const replacing = new Set(plan.replace);
    const deletions = [...(values['delete-missing'] ? plan.delete : []), ...plan.replace];
    for (let start = 0; start < deletions.length; start += batchSize) {
      const chunk = deletions.slice(start, start + batchSize);
      await client.deleteInputs(chunk, { signal: abort.signal });
      tally.deleted += chunk.filter((id) => !replacing.has(id)).length;
      showProgress();
    }

    // 4. Additions: new entries and the new content of replaced ones, read from the source again.
    const sending = new Set([...add, ...plan.replace]);
    async function* toSend(): AsyncGenerator<SentInput & { origin: string }> {
      for await (const item of sourceItems(spec)) {
        const id = itemId(item);
        if (!sending.delete(id)) continue; // only the entries to send are read again
        const prepared = await itemToInput(item, shared);
        if ('problem' in prepared) notSent(id, item.origin, prepared.problem);
        else yield { ...prepared, origin: item.origin };
      }
    }
    await sendInputs(client, toSend(), { batchSize, concurrency, signal: abort.signal }, async ({ added, failed, signal }) => {
      const byId = new Map([...added, ...failed.map((f) => f.item)].map((b) => [b.input.id, b]));
      const landed = added.map((b) => b.input.id);
      const verdicts = await judgeDuplicates(client, failed.map((f) => f.failure).filter(isDuplicateId), byId, false, signal);
      for (const { failure, item } of failed) {
        if (isDuplicateId(failure) && verdicts.get(failure.id) === undefined) landed.push(failure.id);
        else fail(failureRow(failure, item.origin));
      }
      for (const id of landed) {
        if (replacing.has(id)) tally.replaced += 1;
        else tally.added += 1;
      }
      showProgress();
    });

    // 5. Patches: same content, other annotations.
    const patches = plan.patch.map((id) => desired.get(id)?.patch).filter((p): p is InputPatch => p !== undefined);
    const originOf = (id: string) => desired.get(id)?.origin ?? '';
    if (patches.length > 0) {
      try {
        // Every batch is attempted; each refused patch comes back in `failed` with its reason.
        const result = await client.patchInputs(patches, action, { batchSize, concurrency, signal: abort.signal });
        tally.patched += result.patched.length;
        for (const f of result.failed) fail(failureRow(f, originOf(f.id)));
      } catch (err) {
        if (!(err instanceof ClarifaiError)) throw err;
        // The call stopped (Ctrl-C, or e.g. the service went away): what it reports is counted;
        // after Ctrl-C the rest is for the next run, else it is not patched.
        const done = err.partialPatch ?? { patched: [], failed: [] };
        tally.patched += done.patched.length;
        for (const f of done.failed) fail(failureRow(f, originOf(f.id)));
        if (abort.signal.aborted) throw err;
        const settled = new Set([...done.patched, ...done.failed].map((p) => p.id));
        for (const p of patches) if (!settled.has(p.id)) fail({ id: p.id, origin: originOf(p.id), code: 0, codeName: 'PATCH_FAILED', description: 'not patched', details: err.message });
      }
      showProgress();
    }
    progress.finish();
  } catch (err) {
    // As in add: Ctrl-C, or another error after the summary of what was done.
    if (abort.signal.aborted && abort.signal.reason instanceof CliError) interrupted = abort.signal.reason;
    else stopped = { error: err };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await report?.close();
    client.close();
  }
  if (!dryRun) printSummary(tally, action, failures, report?.file, json);
  if (stopped) throw stopped.error;
  if (interrupted) {
    console.error(`error: ${interrupted.message}`);
    return 130;
  }
  return tally.failed === 0 ? 0 : 1;
}

function printPlan(
  plan: SyncPlan,
  add: string[],
  desired: Map<string, DesiredEntry>,
  deleteMissing: boolean,
  action: SyncPatchAction,
  failures: readonly FailureRow[],
  json: boolean,
): void {
  const originOf = (id: string) => desired.get(id)?.origin ?? id;
  const kinds: [string, string[]][] = [
    ['add', add.map(originOf)],
    ['replace', plan.replace.map(originOf)],
    [`patch (${action})`, plan.patch.map(originOf)],
    [deleteMissing ? 'delete' : 'missing (kept without --delete-missing)', plan.delete.map((id) => `${plan.deletedKeys.get(id) ?? ''} (id ${id})`)],
  ];
  if (json) {
    const counts = Object.fromEntries(kinds.map(([kind, list]) => [kind.split(' ')[0] ?? kind, list.length]));
    console.log(JSON.stringify({ dryRun: true, ...counts, unchanged: plan.unchanged, conflicts: plan.conflicts.length, failed: failures.length, failures: failures.slice(0, PLAN_SAMPLE), first: Object.fromEntries(kinds.map(([k, l]) => [k.split(' ')[0], l.slice(0, PLAN_SAMPLE)])) }));
    return;
  }
  console.log(
    `dry run, nothing changed. Plan: ${kinds.map(([kind, list]) => `${list.length} ${kind}`).join(', ')}, ${plan.unchanged} unchanged, ${plan.conflicts.length} not managed, ${failures.length} failed`,
  );
  for (const [kind, list] of kinds) {
    if (list.length === 0) continue;
    console.log(`  ${kind}: ${list.slice(0, PLAN_SAMPLE).join(', ')}${list.length > PLAN_SAMPLE ? `, ... (${list.length - PLAN_SAMPLE} more)` : ''}`);
  }
  // What makes a dry run exit 1: entries that could not be sent, or inputs the source does not manage.
  for (const f of failures.slice(0, PLAN_SAMPLE)) console.log(`  failed ${f.origin}: ${f.codeName} ${f.details || f.description}`);
  if (failures.length > PLAN_SAMPLE) console.log(`  ... (${failures.length - PLAN_SAMPLE} more failed)`);
}

function printSummary(tally: SyncTally, action: SyncPatchAction, failures: FailureRow[], reportFile: string | undefined, json: boolean): void {
  if (json) {
    console.log(JSON.stringify({ ...tally, patchAction: action, failures, failuresFile: reportFile }));
    return;
  }
  const missing = tally.missing ? `, ${tally.missing} missing from the source (kept; --delete-missing deletes them)` : '';
  const skipped = tally.skipped ? `; ${tally.skipped} entries skipped (named above)` : '';
  console.log(
    `${tally.added} added, ${tally.patched} patched (${action}), ${tally.replaced} replaced, ${tally.deleted} deleted, ${tally.unchanged} unchanged, ${tally.failed} failed${missing}${skipped}`,
  );
  for (const f of failures) console.log(`  failed ${f.id} (${f.origin}): ${f.codeName} ${f.description}${f.details ? `: ${f.details}` : ''}`);
  if (tally.failed > failures.length) console.log(`  ... and ${tally.failed - failures.length} more`);
  if (tally.failed && reportFile) console.log(`failures written to ${reportFile}`);
}
