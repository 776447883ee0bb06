/**
 * Upload through our generated stubs, batched by hand. `rawStubUploader` serializes with the
 * generated V2Service codec, exactly as `V2Client` does: the floor for facade overhead.
 * `singleCopyUploader` sends the same requests through the single-copy PostInputs encoder that
 * InputsClient uses (`src/client/inputs/encode-post-inputs.ts`): against InputsClient.addInputs it
 * shows what the facade itself costs on upload.
 */
import { Client, credentials, Metadata } from '@grpc/grpc-js';
import { encodePostInputs } from '../../../src/client/inputs/encode-post-inputs';
import { MultiInputResponse, PostInputsRequest, V2Service } from '../../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../../src/generated/clarifai/api/status/status_code.pb';
import { imagePool, uploadId } from '../../fixtures/image-bytes';
import { uploadInBatches } from '../batched-upload';
import { API_KEY, BASE_CHANNEL_OPTIONS, USER_APP, type UploadTask, type Uploader } from '../upload-task';

function uploaderWith(serialize: (request: PostInputsRequest) => Buffer, task: UploadTask): Uploader {
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
      client.makeUnaryRequest(V2Service.postInputs.path, serialize, MultiInputResponse.decode, request, metadata, {}, (error, response) => {
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

export const rawStubUploader = (task: UploadTask): Uploader => uploaderWith(V2Service.postInputs.requestSerialize, task);
export const singleCopyUploader = (task: UploadTask): Uploader => uploaderWith(encodePostInputs, task);
