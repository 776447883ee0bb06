/** grpc-js sending pre-encoded request buffers through a generic client: the transport floor. */
import { Client, credentials, Metadata } from '@grpc/grpc-js';
import { MultiInputResponse } from '../../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../../src/generated/clarifai/api/status/status_code.pb';
import { uploadInBatches } from '../batched-upload';
import { StampedBatches } from '../stamped-batches';
import { API_KEY, BASE_CHANNEL_OPTIONS, type UploadTask, type Uploader } from '../upload-task';

const identity = (bytes: Buffer): Buffer => bytes;

export function preencodedUploader(task: UploadTask): Uploader {
  const client = new Client(task.target, credentials.createInsecure(), { ...BASE_CHANNEL_OPTIONS, ...task.channelOptions });
  const metadata = new Metadata();
  metadata.set('authorization', `Key ${API_KEY}`);
  const batches = new StampedBatches(task.imageBytes, task.batchSize, false);
  const send = (start: number, count: number, slot: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const request = batches.batch(start, count, slot);
      client.makeUnaryRequest('/clarifai.api.V2/PostInputs', identity, MultiInputResponse.decode, request, metadata, {}, (error, response) => {
        if (error || response === undefined) return reject(error ?? new Error('PostInputs: no response'));
        if (response.status?.code !== StatusCode.SUCCESS) return reject(new Error(`PostInputs: status ${response.status?.code}`));
        resolve(response.inputs.length);
      });
    });
  return {
    prepare: (count) => batches.prepare(count, task.concurrency),
    upload: (first, count) => uploadInBatches(first, count, task.batchSize, task.concurrency, send),
    close: () => client.close(),
  };
}
