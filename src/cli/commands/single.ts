import { readFile } from 'node:fs/promises';
import { InputsClient } from '../../client/inputs-client';
import type { InputPatch, JsonObject, PatchAction } from '../../client/types';
import { DEFAULT_WAIT_TIMEOUT_MS } from '../../client/limits';
import { CliError, badFlag } from '../cli-error';
import { GLOBAL_FLAGS, GLOBAL_HELP, clientOptionsFrom, type GlobalValues } from '../global-flags';
import { inputDetails, inputJson, inputsCount } from '../output';
import { parseArgs } from 'node:util';
import { intFlag, jsonObjectFlag, withUsageErrors } from '../parse-flags';
import type { FailureRow } from '../failure-report';
import { ResumeLog } from '../resume-log';
import { describeCounts, waitWithProgress } from '../wait-report';

/* The small commands: get, count, patch, delete and wait. */

export const GET_HELP = `usage: clarifai-inputs get <id>\n${GLOBAL_HELP}`;
export const COUNT_HELP = `usage: clarifai-inputs count\n${GLOBAL_HELP}`;
export const PATCH_HELP = `usage: clarifai-inputs patch <id>... | --all-from <file> [--concept <id>]... [--negative-concept <id>]... [--metadata <json>] [--action merge|overwrite|remove]
Applies the same patch to every input named; prints how many were patched and names each that
failed with the reason (e.g. INPUT_DOES_NOT_EXIST); exit 1 if any failed.
  --all-from <file>   patch the ids in this file (one per line, or JSONL objects with an "id")
  --action   merge (default) adds to what is there; overwrite replaces it; remove takes the given concepts / metadata keys away
${GLOBAL_HELP}`;
export const DELETE_HELP = `usage: clarifai-inputs delete <id>... | --all-from <file>
  --all-from <file>   delete the ids in this file (one per line, or JSONL objects with an "id")
${GLOBAL_HELP}`;
export const WAIT_HELP = `usage: clarifai-inputs wait <id>... | --resume <file> [--wait-timeout <ms>]
Waits until every input is processed (INPUT_SUCCESS or INPUT_FAILED), with progress on stderr;
prints each input's final status, naming each failed one with its origin; exit 1 if any failed.
  --resume <file>       wait for every input this resume file (of add --resume) lists
  --wait-timeout <ms>   how long to wait at most (default ${DEFAULT_WAIT_TIMEOUT_MS})
${GLOBAL_HELP}`;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

async function withClient<T>(values: GlobalValues, use: (client: InputsClient) => Promise<T>): Promise<T> {
  const client = new InputsClient(clientOptionsFrom(values));
  try {
    return await use(client);
  } finally {
    client.close();
  }
}

export async function runGetCommand(argv: string[]): Promise<number> {
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: argv, options: { ...GLOBAL_FLAGS, ...HELP }, allowPositionals: true, strict: true }));
  if (values.help) return help(GET_HELP);
  if (positionals.length !== 1) throw new CliError('get: name exactly one input id', 2);
  const input = await withClient(values, (c) => c.getInput(positionals[0] ?? ''));
  console.log(values.json ? JSON.stringify(inputJson(input)) : inputDetails(input));
  return 0;
}

export async function runCountCommand(argv: string[]): Promise<number> {
  const { values } = withUsageErrors(() => parseArgs({ args: argv, options: { ...GLOBAL_FLAGS, ...HELP }, allowPositionals: false, strict: true }));
  if (values.help) return help(COUNT_HELP);
  const counts = await withClient(values, (c) => c.getInputCount());
  const { processed, toProcess, errors, processing } = counts;
  if (values.json) console.log(JSON.stringify({ processed, toProcess, errors, processing }));
  else console.log(`processed ${processed}  to process ${toProcess}  processing ${processing}  errors ${errors}`);
  return 0;
}

export async function runPatchCommand(argv: string[]): Promise<number> {
  const flags = {
    ...GLOBAL_FLAGS,
    ...HELP,
    concept: { type: 'string', multiple: true },
    'negative-concept': { type: 'string', multiple: true },
    metadata: { type: 'string' },
    action: { type: 'string' },
    'all-from': { type: 'string' },
  } as const;
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true }));
  if (values.help) return help(PATCH_HELP);
  const action = values.action ?? 'merge';
  if (action !== 'merge' && action !== 'overwrite' && action !== 'remove') {
    throw badFlag('action', `must be merge, overwrite or remove, got '${action}'`);
  }
  const change: Omit<InputPatch, 'id'> = {};
  if (values.concept) change.concepts = values.concept;
  if (values['negative-concept']) change.negativeConcepts = values['negative-concept'];
  if (values.metadata !== undefined) change.metadata = jsonObjectFlag('metadata', values.metadata) as JsonObject;
  if (!change.concepts && !change.negativeConcepts && !change.metadata) {
    throw new CliError('patch: give --concept, --negative-concept or --metadata', 2);
  }
  const ids = [...new Set([...positionals, ...(values['all-from'] ? await idsFromFile(values['all-from']) : [])])];
  if (ids.length === 0) throw new CliError('patch: name input ids, or --all-from <file>', 2);
  // Every batch is attempted; each patch the service refuses comes back in `failed`, named.
  const { patched, failed } = await withClient(values, (c) => c.patchInputs(ids.map((id) => ({ id, ...change })), action as PatchAction));
  // The --json keys (`code`, `codeName`) are the documented output format; the client names them statusCode / statusCodeName.
  const failures = failed.map((f) => ({ id: f.id, code: f.statusCode, codeName: f.statusCodeName, description: f.description, details: f.details }));
  if (values.json) console.log(JSON.stringify({ patched: patched.length, failed: failures.length, failures }));
  else {
    console.log(`patched ${patched.length} of ${inputsCount(ids.length)} (${action}), ${failed.length} failed`);
    for (const f of failures) console.log(`  failed ${f.id}: ${f.codeName} ${f.description}${f.details ? `: ${f.details}` : ''}`);
  }
  return failed.length === 0 ? 0 : 1;
}

export async function runDeleteCommand(argv: string[]): Promise<number> {
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: argv, options: { ...GLOBAL_FLAGS, ...HELP, 'all-from': { type: 'string' } }, allowPositionals: true, strict: true }));
  if (values.help) return help(DELETE_HELP);
  const ids = [...positionals, ...(values['all-from'] ? await idsFromFile(values['all-from']) : [])];
  if (ids.length === 0) throw new CliError('delete: name input ids, or --all-from <file>', 2);
  const { deleted, notFound } = await withClient(values, (c) => c.deleteInputs(ids));
  if (values.json) console.log(JSON.stringify({ deleted: deleted.length, notFound }));
  else {
    const missing = notFound.length ? `; ${notFound.length} not found: ${notFound.slice(0, 10).join(', ')}${notFound.length > 10 ? ', ...' : ''}` : '';
    console.log(`deleted ${inputsCount(deleted.length)}${missing}`);
  }
  return 0;
}

export async function runWaitCommand(argv: string[]): Promise<number> {
  const flags = { ...GLOBAL_FLAGS, ...HELP, 'wait-timeout': { type: 'string' }, resume: { type: 'string' } } as const;
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true }));
  if (values.help) return help(WAIT_HELP);
  const origins = new Map<string, string>(values.resume ? ResumeLog.read(values.resume) : []);
  for (const id of positionals) if (!origins.has(id)) origins.set(id, '');
  if (origins.size === 0) throw new CliError(values.resume ? `--resume ${values.resume}: lists no inputs` : 'wait: name at least one input id, or --resume <file>', 2);
  const timeoutMs = intFlag('wait-timeout', values['wait-timeout'], 1, 86_400_000) ?? DEFAULT_WAIT_TIMEOUT_MS;
  const failures: FailureRow[] = [];
  const outcome = await withClient(values, (c) => waitWithProgress(c, origins, { timeoutMs }, (row) => failures.push(row)));
  if (values.json) {
    for (const f of failures) console.log(JSON.stringify(f));
    console.log(JSON.stringify({ waited: origins.size, statuses: Object.fromEntries(outcome.counts), failed: outcome.failed }));
  } else {
    console.log(`${inputsCount(origins.size)} processed: ${describeCounts(outcome.counts)}`);
    for (const f of failures) console.log(`  failed ${f.id}${f.origin ? ` (${f.origin})` : ''}: ${f.codeName}${f.details ? ` ${f.details}` : ''}`);
  }
  return outcome.failed === 0 ? 0 : 1;
}

function help(text: string): number {
  console.log(text);
  return 0;
}

async function idsFromFile(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`--all-from ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return text.split('\n').flatMap((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') return [];
    if (!trimmed.startsWith('{')) return [trimmed];
    try {
      const id = (JSON.parse(trimmed) as { id?: unknown }).id;
      if (typeof id === 'string' && id) return [id];
    } catch {
      // reported below
    }
    throw new CliError(`${file}:${index + 1}: expected an id or a JSON object with an "id"`);
  });
}

