import { InputsClient } from '../../client/inputs-client';
import { GLOBAL_FLAGS, GLOBAL_HELP, clientOptionsFrom } from '../global-flags';
import { inputJson, inputTable } from '../output';
import { parseArgs } from 'node:util';
import { intFlag, withUsageErrors } from '../parse-flags';

export const LIST_HELP = `usage: clarifai-inputs list [--page <n>] [--per-page <n>]
Prints one page of inputs (ListInputs): a table, or with --json one JSON object per line.
  --page <n>       1-based page (default 1)
  --per-page <n>   inputs per page, 1..1000 (default 128)
${GLOBAL_HELP}`;

const FLAGS = { ...GLOBAL_FLAGS, page: { type: 'string' }, 'per-page': { type: 'string' }, help: { type: 'boolean' } } as const;

export async function runListCommand(argv: string[]): Promise<number> {
  const { values } = withUsageErrors(() => parseArgs({ args: argv, options: FLAGS, allowPositionals: false, strict: true }));
  if (values.help) {
    console.log(LIST_HELP);
    return 0;
  }
  const page = intFlag('page', values.page, 1, 1_000_000) ?? 1;
  const perPage = intFlag('per-page', values['per-page'], 1, 1000) ?? 128;
  const client = new InputsClient(clientOptionsFrom(values));
  try {
    const inputs = await client.listInputsPage({ page, perPage });
    if (values.json) for (const input of inputs) console.log(JSON.stringify(inputJson(input)));
    else console.log(inputs.length === 0 ? `no inputs on page ${page}` : inputTable(inputs));
    return 0;
  } finally {
    client.close();
  }
}
