/**
 * Raw Node http2 with the largest windows and frames, sending pre-encoded gRPC frames: the limit
 * of this machine's loopback HTTP/2 against the raw sink (which acknowledges with the byte count
 * it received, checked here). Against a grpc-js server it measures what the server can receive.
 */
import * as http2 from 'node:http2';
import { MultiInputResponse } from '../../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../../src/generated/clarifai/api/status/status_code.pb';
import { LARGE_FRAME, LARGE_WINDOW } from '../../servers/raw-http2-sink';
import { uploadInBatches } from '../batched-upload';
import { unframe } from '../grpc-frame';
import { StampedBatches } from '../stamped-batches';
import { API_KEY, type UploadTask, type Uploader } from '../upload-task';

export function rawHttp2Uploader(task: UploadTask): Uploader {
  const session = http2.connect(`http://${task.target}`, {
    settings: { initialWindowSize: LARGE_WINDOW, maxFrameSize: LARGE_FRAME },
    maxSessionMemory: 1024,
  });
  session.on('connect', () => session.setLocalWindowSize(LARGE_WINDOW));
  const batches = new StampedBatches(task.imageBytes, task.batchSize, true);
  const send = (start: number, count: number, slot: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const body = batches.batch(start, count, slot);
      const stream = session.request({
        ':method': 'POST',
        ':path': '/clarifai.api.V2/PostInputs',
        'content-type': 'application/grpc',
        te: 'trailers',
        authorization: `Key ${API_KEY}`,
      });
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('trailers', (trailers) => {
        if (trailers['grpc-status'] !== '0') reject(new Error(`PostInputs: grpc-status ${String(trailers['grpc-status'])}`));
      });
      stream.on('close', () => {
        try {
          const response = MultiInputResponse.decode(unframe(Buffer.concat(chunks)));
          if (response.status?.code !== StatusCode.SUCCESS) throw new Error(`PostInputs: status ${response.status?.code}`);
          // A gRPC server acknowledges each input; the raw sink only the byte count it received.
          if (response.inputs.length > 0) return resolve(response.inputs.length);
          if (response.status.description !== String(body.length)) {
            throw new Error(`raw sink received ${response.status.description} bytes, ${body.length} were sent`);
          }
          resolve(count);
        } catch (error) {
          reject(error);
        }
      });
      stream.end(body);
    });
  return {
    prepare: (count) => batches.prepare(count, task.concurrency),
    upload: (first, count) => uploadInBatches(first, count, task.batchSize, task.concurrency, send),
    close: () => session.close(),
  };
}
