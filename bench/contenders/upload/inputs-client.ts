/** Upload through our facade: `InputsClient.addInputs` does the batching and concurrency itself. */
import { InputsClient } from '../../../src/client/inputs-client';
import type { NewInput } from '../../../src/client/types';
import { imagePool, uploadId } from '../../fixtures/image-bytes';
import { labelsFor } from '../../fixtures/labels';
import { API_KEY, BASE_CHANNEL_OPTIONS, USER_APP, type UploadTask, type Uploader } from '../upload-task';

export function inputsClientUploader(task: UploadTask, uploadTransport: 'http2' | 'grpc-js' = 'http2'): Uploader {
  const client = new InputsClient({
    target: task.target,
    insecure: true,
    apiKey: API_KEY,
    userId: USER_APP.userId,
    appId: USER_APP.appId,
    batchSize: task.batchSize,
    concurrency: task.concurrency,
    retry: false,
    uploadTransport,
    channelOptions: { ...BASE_CHANNEL_OPTIONS, ...task.channelOptions },
  });
  const pool = imagePool(task.batchSize, task.imageBytes);
  function* inputs(first: number, count: number): Iterable<NewInput> {
    for (let i = 0; i < count; i++) {
      const input: NewInput = { id: uploadId(first + i), image: { bytes: pool[i % pool.length] as Buffer } };
      yield task.labelled === true ? { ...input, ...labelsFor(first + i) } : input;
    }
  }
  return {
    async upload(first, count) {
      const result = await client.addInputs(inputs(first, count));
      if (result.failed.length > 0) {
        const f = result.failed[0];
        throw new Error(`addInputs: ${result.failed.length} failed, first ${f?.id} ${f?.statusCodeName} ${f?.description}`);
      }
      return result.added.length;
    },
    close: () => client.close(),
  };
}
