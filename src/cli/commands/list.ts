import { InputsClient } from '../../client/inputs-client';
import { GLOBAL_FLAGS, GLOBAL_HELP, clientOptionsFrom } from '../global-flags';
import { inputJson, inputTable } from '../output';
import { parseArgs } from 'node:util';
import { intFlag, withUsageErrors } from '../parse-flags';
import { STATUS_FLAG_HELP, statusFlag } from '../status-flag';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from '../../client/limits';

export const LIST_HELP = `usage: clarifai-inputs list [--page <n>] [--per-page <n>] [--status <code>]
Prints one page of inputs (ListInputs), newest first: a table, or with --json one JSON object per line.
  --page <n>       1-based page (default 1)
  --per-page <n>   inputs per page, 1..${MAX_PER_PAGE} (default ${DEFAULT_PER_PAGE})
  --status <code>  ${STATUS_FLAG_HELP}
${GLOBAL_HELP}`;

const FLAGS = {
  ...GLOBAL_FLAGS,
  page: { type: 'string' },
  'per-page': { type: 'string' },
  status: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runListCommand(argv: string[]): Promise<number> {
  const { values } = withUsageErrors(() => parseArgs({ args: argv, options: FLAGS, allowPositionals: false, strict: true }));
  if (values.help) {
    console.log(LIST_HELP);
    return 0;
  }
  const page = intFlag('page', values.page, 1, 1_000_000) ?? 1;
  const perPage = intFlag('per-page', values['per-page'], 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
  const status = statusFlag(values.status);
  const client = new InputsClient(clientOptionsFrom(values));
  try {
    const inputs = await client.listInputsPage({ page, perPage, ...(status === undefined ? {} : { status }) });
    if (values.json) {
      for (const input of inputs) console.log(JSON.stringify(inputJson(input)));
    } else {
      console.log(inputs.length === 0 ? `no inputs on page ${page}` : inputTable(inputs));
      if (inputs.length === perPage) console.error(`(page ${page} is full: --page ${page + 1} for more)`);
    }
    return 0;
  } finally {
    client.close();
  }
}
