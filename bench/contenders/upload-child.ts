/**
 * Child process: one upload contender. Connects, warms up with one batch of ids beyond the timed
 * range, then times the upload of every input and checks the server acknowledged each one.
 */
import { cpuTimeUs, runContenderChild, readTask } from '../harness/child-protocol';
import type { UploadTask, Uploader } from './upload-task';
import { inputsClientUploader } from './upload/inputs-client';
import { officialStubUploader } from './upload/official-stub';
import { preencodedUploader } from './upload/preencoded';
import { rawHttp2Uploader } from './upload/raw-http2';
import { rawStubUploader, singleCopyUploader } from './upload/raw-stub';

export const UPLOADERS: Record<string, (task: UploadTask) => Uploader> = {
  'InputsClient.addInputs': inputsClientUploader,
  'InputsClient.addInputs via grpc-js': (task) => inputsClientUploader(task, 'grpc-js'),
  'official stub': officialStubUploader,
  'raw V2Client': rawStubUploader,
  'grpc-js pre-encoded': preencodedUploader,
  'raw V2Client + single-copy encoder': singleCopyUploader,
  'raw http2': rawHttp2Uploader,
};

async function main() {
  const task = readTask<UploadTask>();
  const make = UPLOADERS[task.contender];
  if (make === undefined) throw new Error(`unknown upload contender ${JSON.stringify(task.contender)}`);
  if (task.labelled === true && !task.contender.startsWith('InputsClient.addInputs')) throw new Error('labelled inputs: InputsClient.addInputs only');
  const uploader = make(task);
  try {
    const warm = await uploader.upload(task.inputs, task.batchSize);
    if (warm !== task.batchSize) throw new Error(`warm-up: ${warm} of ${task.batchSize} acknowledged`);
    uploader.prepare?.(task.inputs);
    const cpuBefore = cpuTimeUs();
    const started = process.hrtime.bigint();
    const accepted = await uploader.upload(0, task.inputs);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const cpuUs = cpuTimeUs() - cpuBefore;
    if (accepted !== task.inputs) throw new Error(`${accepted} of ${task.inputs} inputs acknowledged`);
    return { elapsedMs, inputs: accepted, bytes: accepted * task.imageBytes, cpuUs };
  } finally {
    uploader.close();
  }
}

if (require.main === module) runContenderChild(main);
