/**
 * Child process: one upload through `InputsClient.addInputsInBatches`, default client settings
 * except `maxBatchBytes` when the task gives one. The inputs are generated as they are read (text
 * of ~100 bytes, or images of `imageBytes` from a small pool), each batch's result is counted and
 * dropped: peak RSS is what the client needs to stream results. Every input must come back added.
 */
import { InputsClient } from '../../src/client/inputs-client';
import type { NewInput } from '../../src/client/types';
import { imagePool } from '../fixtures/image-bytes';
import { runContenderChild, readTask } from '../harness/child-protocol';
import { API_KEY, USER_APP } from './upload-task';

export interface StreamedUploadTask {
  target: string;
  inputs: number;
  kind: 'text' | 'image';
  /** Image inputs: bytes of each image. */
  imageBytes?: number;
  maxBatchBytes?: number;
}

function* generated(task: StreamedUploadTask): Generator<NewInput, void, undefined> {
  const pool = task.kind === 'image' ? imagePool(8, task.imageBytes ?? 0) : [];
  for (let i = 0; i < task.inputs; i++) {
    if (task.kind === 'text') yield { text: { raw: `generated text input number ${i}, about a hundred bytes long once the padding is here.` } };
    else yield { image: { bytes: pool[i % pool.length] as Buffer } };
  }
}

async function main() {
  const task = readTask<StreamedUploadTask>();
  const client = new InputsClient({
    target: task.target,
    insecure: true,
    apiKey: API_KEY,
    userId: USER_APP.userId,
    appId: USER_APP.appId,
    ...(task.maxBatchBytes === undefined ? {} : { maxBatchBytes: task.maxBatchBytes }),
  });
  try {
    const started = process.hrtime.bigint();
    let added = 0;
    for await (const batch of client.addInputsInBatches(generated(task))) {
      if (batch.failed.length > 0) throw new Error(`${batch.failed.length} failed, first ${batch.failed[0]?.statusCodeName} ${batch.failed[0]?.description}`);
      added += batch.added.length;
    }
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (added !== task.inputs) throw new Error(`${added} of ${task.inputs} inputs added`);
    return { elapsedMs, inputs: added, bytes: task.kind === 'image' ? added * (task.imageBytes ?? 0) : 0 };
  } finally {
    client.close();
  }
}

if (require.main === module) runContenderChild(main);
