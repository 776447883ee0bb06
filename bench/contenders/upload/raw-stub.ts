/** Upload through our generated `V2Client`, batched by hand: the floor for facade overhead. */
import { credentials, Metadata } from '@grpc/grpc-js';
import { PostInputsRequest, V2Client, type MultiInputResponse } from '../../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../../src/generated/clarifai/api/status/status_code.pb';
import { imagePool, uploadId } from '../../fixtures/image-bytes';
import { uploadInBatches } from '../batched-upload';
import { API_KEY, BASE_CHANNEL_OPTIONS, USER_APP, type UploadTask, type Uploader } from '../upload-task';

export function rawStubUploader(task: UploadTask): Uploader {
  const client = new V2Client(task.target, credentials.createInsecure(), { ...BASE_CHANNEL_OPTIONS, ...task.channelOptions });
  const metadata = new Metadata();
  metadata.set('authorization', `Key ${API_KEY}`);
  const pool = imagePool(task.batchSize, task.imageBytes);
  const send = (start: number, count: number): Promise<number> => {
    const inputs = Array.from({ length: count }, (_, j) => ({
      id: uploadId(start + j),
      data: { image: { base64: pool[j % pool.length] } },
    }));
    const request = PostInputsRequest.fromPartial({ userAppId: USER_APP, inputs });
    return new Promise((resolve, reject) => {
      client.postInputs(request, metadata, (error: Error | null, response: MultiInputResponse) => {
        if (error) return reject(error);
        if (response.status?.code !== StatusCode.SUCCESS) return reject(new Error(`PostInputs: status ${response.status?.code}`));
        resolve(response.inputs.length);
      });
    });
  };
  return {
    upload: (first, count) => uploadInBatches(first, count, task.batchSize, task.concurrency, send),
    close: () => client.close(),
  };
}
