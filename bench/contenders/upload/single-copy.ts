/**
 * The raw path with the facade's serializer: our generic grpc-js client sending requests built
 * exactly as the raw V2Client builds them, serialized by the single-copy PostInputs encoder that
 * InputsClient uses (`src/client/encode-post-inputs.ts`) instead of the generated codec. Against
 * InputsClient.addInputs it shows what the facade itself costs on upload.
 */
import { Client, credentials, Metadata } from '@grpc/grpc-js';
import { MultiInputResponse, PostInputsRequest } from '../../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../../src/generated/clarifai/api/status/status_code.pb';
import { imagePool, uploadId } from '../../fixtures/image-bytes';
import { encodePostInputs } from '../../../src/client/encode-post-inputs';
import { uploadInBatches } from '../batched-upload';
import { API_KEY, BASE_CHANNEL_OPTIONS, USER_APP, type UploadTask, type Uploader } from '../upload-task';

export function singleCopyUploader(task: UploadTask): Uploader {
  const client = new Client(task.target, credentials.createInsecure(), { ...BASE_CHANNEL_OPTIONS, ...task.channelOptions });
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
      client.makeUnaryRequest('/clarifai.api.V2/PostInputs', encodePostInputs, MultiInputResponse.decode, request, metadata, {}, (error, response) => {
        if (error || response === undefined) return reject(error ?? new Error('PostInputs: no response'));
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
