/** ListInputs / StreamInputs through the official stub, paged by hand as its users do. */
import { API_KEY, USER_APP } from '../upload-task';
import { callOfficial, createOfficialClient, officialGrpc } from '../official-stub';
import type { ReadTask, Reader } from '../read-task';

const SUCCESS = 10000;

export function officialStubReader(task: ReadTask): Reader {
  const client = createOfficialClient(task.target, task.channelOptions);
  const metadata = new (officialGrpc().Metadata)();
  metadata.set('authorization', `Key ${API_KEY}`);
  const user_app_id = { user_id: USER_APP.userId, app_id: USER_APP.appId };
  const page = async (request: object, method: string): Promise<any[]> => {
    const response = await callOfficial(client, method, { user_app_id, per_page: task.perPage, ...request }, metadata);
    if (response.status.code !== SUCCESS) throw new Error(`${method}: status ${response.status.code}`);
    return response.inputs;
  };
  return {
    async read(seen) {
      let lastId = '';
      for (let n = 1; ; n++) {
        const inputs = task.rpc === 'list' ? await page({ page: n }, 'ListInputs') : await page({ last_id: lastId }, 'StreamInputs');
        // A Struct arrives as { fields: { name: { numberValue, kind } } } (its own field names are camelCase).
        for (const input of inputs) seen(input.id, input.data.metadata.fields.index.numberValue);
        if (inputs.length < task.perPage) return;
        lastId = inputs[inputs.length - 1].id;
      }
    },
    close: () => client.close(),
  };
}
