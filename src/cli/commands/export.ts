import { createWriteStream, type WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { InputsClient } from '../../client/inputs-client';
import { CliError } from '../cli-error';
import { GLOBAL_FLAGS, GLOBAL_HELP, clientOptionsFrom } from '../global-flags';
import { inputJson, inputsCount } from '../output';
import { parseArgs } from 'node:util';
import { intFlag, withUsageErrors } from '../parse-flags';
import { ProgressReporter } from '../progress';
import { STATUS_FLAG_HELP, statusFlag } from '../status-flag';
import { MAX_PER_PAGE } from '../../client/limits';

export const EXPORT_HELP = `usage: clarifai-inputs export [--out <file.jsonl>] [--status <code>] [--descending] [--per-page <n>]
Writes every input as one JSON object per line (StreamInputs, oldest first), in constant memory.
The output is accepted by add --from-jsonl and sync --from-jsonl (uploaded content by its hosted URL).
  --out <file>     write here instead of stdout
  --status <code>  ${STATUS_FLAG_HELP}
  --descending     newest first
  --per-page <n>   inputs per request, 1..${MAX_PER_PAGE} (default ${MAX_PER_PAGE})
${GLOBAL_HELP}`;

const FLAGS = {
  ...GLOBAL_FLAGS,
  out: { type: 'string' },
  descending: { type: 'boolean' },
  'per-page': { type: 'string' },
  status: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runExportCommand(argv: string[]): Promise<number> {
  const { values } = withUsageErrors(() => parseArgs({ args: argv, options: FLAGS, allowPositionals: false, strict: true }));
  if (values.help) {
    console.log(EXPORT_HELP);
    return 0;
  }
  const perPage = intFlag('per-page', values['per-page'], 1, MAX_PER_PAGE) ?? MAX_PER_PAGE;
  const status = statusFlag(values.status);
  const client = new InputsClient(clientOptionsFrom(values));
  const file = values.out ? await openOut(values.out) : undefined;
  const out: Writable = file ?? process.stdout;
  const progress = new ProgressReporter(process.stderr, 'export', undefined, undefined, () => client.rateLimiter?.currentRate);
  // A reader that goes away (`export | head`) ends the export quietly, as a Unix tool should.
  const readerGone = new AbortController();
  const onOutError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') readerGone.abort();
  };
  out.on('error', onOutError);
  let done = 0;
  try {
    for await (const input of client.streamInputs({ perPage, descending: values.descending ?? false, signal: readerGone.signal })) {
      // StreamInputs has no status filter: the filter runs here, on the stream.
      if (status !== undefined && input.status?.code !== status) continue;
      // Respect backpressure so memory stays flat however many inputs there are.
      if (!out.write(`${JSON.stringify(inputJson(input))}\n`)) await once(out, 'drain', { signal: readerGone.signal });
      done += 1;
      progress.update({ done, failed: 0 });
    }
    progress.finish();
  } catch (err) {
    if (!readerGone.signal.aborted) throw err;
    return 0;
  } finally {
    out.off('error', onOutError);
    client.close();
    if (file && values.out) await closeFile(file, values.out);
  }
  if (values.out && !values.json) console.error(`exported ${inputsCount(done)} to ${values.out}`);
  return 0;
}

async function openOut(file: string): Promise<WriteStream> {
  try {
    const handle = await open(file, 'w');
    return createWriteStream(file, { fd: handle });
  } catch (err) {
    throw new CliError(`--out ${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

function closeFile(stream: WriteStream, file: string): Promise<void> {
  return new Promise((resolve, reject) =>
    stream.end((err?: Error | null) => (err ? reject(new CliError(`--out ${file}: ${err.message}`)) : resolve())),
  );
}
