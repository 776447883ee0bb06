/** `InputsClient.listInputs` / `streamInputs`: the facade's lazy iterators. */
import { InputsClient } from '../../../src/client/inputs-client';
import { API_KEY, BASE_CHANNEL_OPTIONS, USER_APP } from '../upload-task';
import type { ReadTask, Reader } from '../read-task';

export function inputsClientReader(task: ReadTask): Reader {
  const client = new InputsClient({
    target: task.target,
    insecure: true,
    apiKey: API_KEY,
    userId: USER_APP.userId,
    appId: USER_APP.appId,
    retry: false,
    channelOptions: { ...BASE_CHANNEL_OPTIONS, ...task.channelOptions },
  });
  return {
    async read(seen) {
      const inputs = task.rpc === 'list' ? client.listInputs({ perPage: task.perPage }) : client.streamInputs({ perPage: task.perPage });
      for await (const input of inputs) seen(input.id, input.data?.metadata?.index as number);
    },
    close: () => client.close(),
  };
}
