/** Upload through the official stub, batched by hand: plain keepCase objects, Buffers as bytes. */
import { imagePool, uploadId } from '../../fixtures/image-bytes';
import { uploadInBatches } from '../batched-upload';
import { callOfficial, createOfficialClient, officialGrpc } from '../official-stub';
import { API_KEY, USER_APP, type UploadTask, type Uploader } from '../upload-task';

const SUCCESS = 10000;

export function officialStubUploader(task: UploadTask): Uploader {
  const client = createOfficialClient(task.target, task.channelOptions);
  const metadata = new (officialGrpc().Metadata)();
  metadata.set('authorization', `Key ${API_KEY}`);
  const pool = imagePool(task.batchSize, task.imageBytes);
  const send = async (start: number, count: number): Promise<number> => {
    const inputs = Array.from({ length: count }, (_, j) => ({
      id: uploadId(start + j),
      data: { image: { base64: pool[j % pool.length] } },
    }));
    const request = { user_app_id: { user_id: USER_APP.userId, app_id: USER_APP.appId }, inputs };
    const response = await callOfficial(client, 'PostInputs', request, metadata);
    if (response.status.code !== SUCCESS) throw new Error(`PostInputs: status ${response.status.code} ${response.status.description}`);
    return response.inputs.length as number;
  };
  return {
    upload: (first, count) => uploadInBatches(first, count, task.batchSize, task.concurrency, send),
    close: () => client.close(),
  };
}
