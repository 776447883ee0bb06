/** ListInputs / StreamInputs through our generated `V2Client`, paged by hand. */
import { credentials, Metadata } from '@grpc/grpc-js';
import type { Input } from '../../../src/generated/clarifai/api/resources.pb';
import { V2Client, type MultiInputResponse } from '../../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../../src/generated/clarifai/api/status/status_code.pb';
import { API_KEY, BASE_CHANNEL_OPTIONS, USER_APP } from '../upload-task';
import type { ReadTask, Reader } from '../read-task';

export function rawStubReader(task: ReadTask): Reader {
  const client = new V2Client(task.target, credentials.createInsecure(), { ...BASE_CHANNEL_OPTIONS, ...task.channelOptions });
  const metadata = new Metadata();
  metadata.set('authorization', `Key ${API_KEY}`);
  const done = (resolve: (inputs: Input[]) => void, reject: (e: Error) => void) => (error: Error | null, response: MultiInputResponse) => {
    if (error) return reject(error);
    if (response.status?.code !== StatusCode.SUCCESS) return reject(new Error(`status ${response.status?.code}`));
    resolve(response.inputs);
  };
  const list = (page: number) =>
    new Promise<Input[]>((resolve, reject) =>
      client.listInputs({ userAppId: USER_APP, page, perPage: task.perPage, ids: [], status: undefined }, metadata, done(resolve, reject)),
    );
  const stream = (lastId: string) =>
    new Promise<Input[]>((resolve, reject) =>
      client.streamInputs(
        { userAppId: USER_APP, perPage: task.perPage, lastId, descending: false, orderById: false },
        metadata,
        done(resolve, reject),
      ),
    );
  return {
    async read(seen) {
      let lastId = '';
      for (let n = 1; ; n++) {
        const inputs = task.rpc === 'list' ? await list(n) : await stream(lastId);
        for (const input of inputs) seen(input.id, input.data?.metadata?.index as number);
        const last = inputs[inputs.length - 1];
        if (inputs.length < task.perPage || last === undefined) return;
        lastId = last.id;
      }
    },
    close: () => client.close(),
  };
}
